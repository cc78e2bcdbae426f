package dev.sextant.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.domain.Experiment;
import dev.sextant.server.domain.LifecycleStage;
import dev.sextant.server.domain.RunStatus;
import dev.sextant.server.domain.ViewType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An experiment's run count comes from the counts the database keeps (migration 13): after every kind of write that
 * adds, removes or moves runs between stages, concurrent ones included, each experiment's kept counts of active and
 * deleted runs equal a COUNT(*) of its runs, and the run count the store reports is the active one.
 */
public abstract class RunCountContract {
    private static final long NOW = 1_700_000_000_000L;

    protected TrackingStore store;
    protected DataSource raw;
    private final Random random = new Random(18);
    private String a;
    private String b;
    private String c;

    /** A new, empty database (an SQLite file or a postgresql:// URL) that {@link StoreFactory} opens. */
    protected abstract String newDatabase();

    @BeforeEach
    void open() {
        var database = newDatabase();
        store = StoreFactory.open(database);
        raw = StoreFactory.dialect(database).openDataSource();
        a = store.createExperiment("a", "", Map.of(), NOW).experimentId();
        b = store.createExperiment("b", "", Map.of(), NOW).experimentId();
        c = store.createExperiment("c", "", Map.of(), NOW).experimentId();
    }

    @AfterEach
    void close() throws Exception {
        store.close();
        if (raw instanceof AutoCloseable closeable) closeable.close();
    }

    @Test
    void the_kept_counts_equal_a_count_of_the_runs_after_every_kind_of_write() throws Exception {
        // Concurrent creation in two experiments, from 8 threads at once.
        var created = concurrently(8, thread -> {
            var ids = new ArrayList<String>();
            for (int i = 0; i < 12; i++) ids.add(createRun(i % 3 == 0 ? b : a, i % 2 == 0));
            return ids;
        });
        assertCountsExact();
        var inA = runsOf(a);
        assertThat(inA).hasSize(64);
        assertThat(store.findExperiment(a).orElseThrow().runCount()).isEqualTo(64);
        assertThat(created).hasSize(96);

        // Deleting and restoring runs; a second delete and a restore of an active run change nothing.
        for (var run : inA.subList(0, 10)) store.setRunLifecycle(run, LifecycleStage.DELETED, NOW);
        store.setRunLifecycle(inA.get(0), LifecycleStage.DELETED, NOW + 1);
        for (var run : inA.subList(0, 4)) store.setRunLifecycle(run, LifecycleStage.ACTIVE, NOW);
        store.setRunLifecycle(inA.get(20), LifecycleStage.ACTIVE, NOW);
        assertCountsExact();
        assertThat(store.findExperiment(a).orElseThrow().runCount()).isEqualTo(58);

        // Updates that leave the stage alone change no count.
        store.updateRun(inA.get(30), new RunUpdate(RunStatus.FINISHED, NOW + 5, "renamed", "a note"), Map.of("k", "v"));
        store.updateRunTag(inA.get(31), "k", old -> "w");
        assertCountsExact();

        // An experiment's delete takes its active runs along, its restore brings exactly those back.
        var inB = runsOf(b);
        store.setRunLifecycle(inB.get(0), LifecycleStage.DELETED, NOW);
        store.setExperimentLifecycle(b, LifecycleStage.DELETED, NOW + 10);
        assertCountsExact();
        assertThat(count(b, "active")).isZero();
        store.setExperimentLifecycle(b, LifecycleStage.ACTIVE, NOW + 11);
        assertCountsExact();
        assertThat(store.findExperiment(b).orElseThrow().runCount()).isEqualTo(inB.size() - 1);
        store.setExperimentLifecycle(b, LifecycleStage.DELETED, NOW + 12);
        assertCountsExact();

        // Hard deletes, as an operator's clean-up would do them in SQL: an active and a deleted run, then an
        // experiment with all its runs.
        var doomed = createRun(c, true);
        createRun(c, false);
        store.setRunLifecycle(doomed, LifecycleStage.DELETED, NOW);
        hardDelete(List.of(doomed, inA.get(40)));
        assertCountsExact();
        hardDelete(runsOf(c));
        try (var connection = raw.getConnection(); var statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM experiments WHERE experiment_id = " + c);
        }
        assertCountsExact();
        assertThat(kept(c)).containsExactly(0L, 0L);

        // Creation racing deletes and restores in the same experiment.
        var victims = runsOf(a).subList(0, 16);
        concurrently(6, thread -> {
            if (thread < 2) {
                for (int i = thread; i < victims.size(); i += 2) {
                    store.setRunLifecycle(victims.get(i), LifecycleStage.DELETED, NOW);
                    if (i % 4 < 2) store.setRunLifecycle(victims.get(i), LifecycleStage.ACTIVE, NOW);
                }
                return List.of();
            }
            var ids = new ArrayList<String>();
            for (int i = 0; i < 10; i++) ids.add(createRun(a, false));
            return ids;
        });
        assertCountsExact();
        // 57 active before; of the 16 victims (10 active, 6 deleted before) 8 end active; 40 created.
        assertThat(store.findExperiment(a).orElseThrow().runCount()).isEqualTo(57 - 10 + 8 + 40);
    }

    @Test
    void a_new_experiment_counts_no_runs_and_the_list_reports_each_experiments_own_count() {
        for (int i = 0; i < 3; i++) createRun(a, false);
        createRun(b, false);
        store.setRunLifecycle(createRun(b, false), LifecycleStage.DELETED, NOW);
        var counts = store.listExperiments(ViewType.ALL).stream()
                .collect(Collectors.toMap(Experiment::experimentId, Experiment::runCount));
        assertThat(counts).isEqualTo(Map.of("0", 0L, a, 3L, b, 1L, c, 0L));
    }

    /** Every experiment's kept counts equal its runs' COUNT(*) by stage, and the store reports the active one. */
    protected void assertCountsExact() throws SQLException {
        for (var experiment : List.of("0", a, b, c)) {
            assertThat(kept(experiment)).as("experiment %s: kept (active, deleted)", experiment)
                    .containsExactly(count(experiment, "active"), count(experiment, "deleted"));
            store.findExperiment(experiment).ifPresent(found ->
                    assertThat(found.runCount()).as("experiment %s", experiment).isEqualTo(kept(experiment).get(0)));
        }
        for (var listed : store.listExperiments(ViewType.ALL)) {
            assertThat(listed.runCount()).as("listed %s", listed.experimentId()).isEqualTo(count(listed.experimentId(), "active"));
        }
    }

    protected String createRun(String experimentId, boolean withParams) {
        var runId = runId();
        store.createRun(new NewRun(runId, experimentId, "r", RunStatus.RUNNING, NOW, "", null, "",
                withParams ? Map.of("lr", "0.1") : Map.of(), withParams ? Map.of("team", "x") : Map.of()));
        return runId;
    }

    /** The kept (active, deleted) counts of the experiment: the sum of its run_counts rows. */
    protected List<Long> kept(String experimentId) {
        return query("SELECT COALESCE(SUM(active), 0), COALESCE(SUM(deleted), 0) FROM run_counts WHERE experiment_id = "
                + Long.parseLong(experimentId), 2);
    }

    protected long count(String experimentId, String stage) {
        return query("SELECT COUNT(*) FROM runs WHERE experiment_id = " + Long.parseLong(experimentId)
                + " AND lifecycle_stage = '" + stage + "'", 1).get(0);
    }

    private List<String> runsOf(String experimentId) {
        var ids = new ArrayList<String>();
        try (var connection = raw.getConnection(); var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT run_id FROM runs WHERE experiment_id = " + Long.parseLong(experimentId)
                     + " ORDER BY run_id")) {
            while (rows.next()) ids.add(rows.getString(1));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    private List<Long> query(String sql, int columns) {
        try (var connection = raw.getConnection(); var statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            rows.next();
            var values = new ArrayList<Long>();
            for (int i = 1; i <= columns; i++) values.add(rows.getLong(i));
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes the runs and the rows that refer to them (params and tags: these runs have no metrics). */
    private void hardDelete(List<String> runIds) throws SQLException {
        try (Connection connection = raw.getConnection()) {
            connection.setAutoCommit(false);
            try (var statement = connection.createStatement()) {
                var list = runIds.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", "));
                statement.executeUpdate("DELETE FROM params WHERE run_id IN (" + list + ")");
                statement.executeUpdate("DELETE FROM run_tags WHERE run_id IN (" + list + ")");
                // (No check of the update count: SQLite's driver adds the triggers' changes to it.)
                statement.executeUpdate("DELETE FROM runs WHERE run_id IN (" + list + ")");
            }
            connection.commit();
        }
        assertThat(query("SELECT COUNT(*) FROM runs WHERE run_id IN ("
                + runIds.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", ")) + ")", 1)).containsExactly(0L);
    }

    /** Runs {@code work} on {@code threads} threads started together; the run ids they return, all of them. */
    private static List<String> concurrently(int threads, ThreadWork work) throws Exception {
        var pool = Executors.newFixedThreadPool(threads);
        try {
            var start = new CyclicBarrier(threads);
            var futures = new ArrayList<java.util.concurrent.Future<List<String>>>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit((Callable<List<String>>) () -> {
                    start.await();
                    return work.run(thread);
                }));
            }
            var all = new ArrayList<String>();
            for (var future : futures) all.addAll(future.get(120, TimeUnit.SECONDS));
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private interface ThreadWork {
        List<String> run(int thread) throws Exception;
    }

    private synchronized String runId() {
        var bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
