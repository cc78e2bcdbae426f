package dev.sextant.server.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.domain.LifecycleStage;
import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.domain.RawPoint;
import dev.sextant.server.domain.RunStatus;
import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.store.BatchResult;
import dev.sextant.server.store.NewRun;
import dev.sextant.server.store.sqlite.SqliteDialect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metric-only writes queued together on SQLite's single writer go in as one batch (ADR 0011). A first write holds the
 * writer until the others are queued, so they are sure to form one group; the stored result must be that of writing
 * them one after another, and a write that is refused must get its own error and store nothing.
 */
@Timeout(60)
class CoalescedMetricWritesTest {
    private static final long NOW = 1_700_000_000_000L;

    @TempDir
    Path folder;

    private Database database;
    private SqlTrackingStore store;
    private String experimentId;

    @BeforeEach
    void open() {
        database = new Database(new SqliteDialect(folder.resolve("sextant.db")));
        store = new SqlTrackingStore(database);
        experimentId = store.createExperiment("coalesced", "", Map.of(), NOW).experimentId();
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void single_point_writes_of_many_runs_in_one_group_each_store_their_point() throws Exception {
        var runs = new ArrayList<String>();
        for (int r = 0; r < 5; r++) runs.add(run("r" + r));
        var writes = new ArrayList<Supplier<BatchResult>>();
        for (int r = 0; r < runs.size(); r++) writes.add(log(runs.get(r), point("loss", r, 0)));

        var results = inOneGroup(writes);

        for (int r = 0; r < runs.size(); r++) {
            assertThat(results.get(r).get()).isEqualTo(new BatchResult(1, 0));
            assertThat(points(runs.get(r), "loss")).containsExactly(new RawPoint(0, NOW, r));
            assertThat(store.listMetrics(runs.get(r)).get(0).count()).isEqualTo(1);
        }
    }

    @Test
    void a_write_to_a_deleted_or_missing_run_in_a_group_gets_its_error_and_the_others_land() throws Exception {
        var kept = run("kept");
        var deleted = run("deleted");
        var alsoKept = run("also kept");
        store.setRunLifecycle(deleted, LifecycleStage.DELETED, NOW);

        var results = inOneGroup(List.of(log(kept, point("loss", 1.5, 3)), log(deleted, point("loss", 2.5, 3)),
                log("0123456789abcdef0123456789abcdef", point("loss", 3.5, 3)), log(alsoKept, point("acc", 0.5, 7))));

        assertThat(results.get(0).get()).isEqualTo(new BatchResult(1, 0));
        assertThat(failure(results.get(1)).code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        assertThat(failure(results.get(2)).code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
        assertThat(results.get(3).get()).isEqualTo(new BatchResult(1, 0));
        assertThat(points(kept, "loss")).containsExactly(new RawPoint(3, NOW, 1.5));
        assertThat(points(alsoKept, "acc")).containsExactly(new RawPoint(7, NOW, 0.5));
        store.setRunLifecycle(deleted, LifecycleStage.ACTIVE, NOW);
        assertThat(store.listMetrics(deleted)).isEmpty();
    }

    @Test
    void a_group_of_more_runs_than_one_run_lookup_holds_checks_every_run_and_refuses_only_the_deleted_one() throws Exception {
        // 70 runs: more than one look-up's 64, and a second look-up of 6 ids padded to 8 with repeats.
        var runs = new ArrayList<String>();
        for (int r = 0; r < RunSql.RUNS_A_LOOKUP + 6; r++) runs.add(run("many" + r));
        var deleted = runs.get(RunSql.RUNS_A_LOOKUP + 2);
        store.setRunLifecycle(deleted, LifecycleStage.DELETED, NOW);
        var writes = new ArrayList<Supplier<BatchResult>>();
        for (int r = 0; r < runs.size(); r++) writes.add(log(runs.get(r), point("loss", r, 1)));
        writes.add(log(runs.get(0), point("loss", 0.5, 2))); // a second write of a run in the same group

        var results = inOneGroup(writes);

        for (int r = 0; r < runs.size(); r++) {
            if (runs.get(r).equals(deleted)) {
                assertThat(failure(results.get(r)).code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
                continue;
            }
            assertThat(results.get(r).get()).isEqualTo(new BatchResult(1, 0));
            assertThat(points(runs.get(r), "loss")).startsWith(new RawPoint(1, NOW, r));
        }
        assertThat(results.get(runs.size()).get()).isEqualTo(new BatchResult(1, 0));
        assertThat(points(runs.get(0), "loss")).containsExactly(new RawPoint(1, NOW, 0), new RawPoint(2, NOW, 0.5));
        store.setRunLifecycle(deleted, LifecycleStage.ACTIVE, NOW);
        assertThat(store.listMetrics(deleted)).isEmpty();
    }

    @Test
    void a_group_looks_up_series_that_exist_and_creates_the_new_ones_beside_them() throws Exception {
        // 40 runs with a stored series each: more (run, key) pairs than one series look-up holds.
        var runs = new ArrayList<String>();
        for (int r = 0; r < SeriesRegistry.PAIRS_A_LOOKUP + 8; r++) {
            runs.add(run("existing" + r));
            store.logBatch(runs.get(r), List.of(point("loss", r, 0)), Map.of(), Map.of());
        }
        var writes = new ArrayList<Supplier<BatchResult>>();
        for (int r = 0; r < runs.size(); r++) writes.add(log(runs.get(r), point("loss", r + 0.5, 1)));
        writes.add(log(runs.get(0), point("acc", 0.25, 1)));                        // a new key of a run already in the group
        writes.add(log(runs.get(1), point("loss", 9, 2), point("lr", 0.1, 2)));     // an existing key and a new one

        var results = inOneGroup(writes);

        for (int r = 0; r < runs.size(); r++) {
            assertThat(results.get(r).get()).isEqualTo(new BatchResult(1, 0));
            var loss = r == 1 ? List.of(new RawPoint(0, NOW, 1), new RawPoint(1, NOW, 1.5), new RawPoint(2, NOW, 9))
                    : List.of(new RawPoint(0, NOW, r), new RawPoint(1, NOW, r + 0.5));
            assertThat(points(runs.get(r), "loss")).containsExactlyElementsOf(loss);
            assertThat(store.listMetrics(runs.get(r))).filteredOn(m -> m.key().equals("loss")).singleElement()
                    .satisfies(summary -> assertThat(summary.count()).isEqualTo(loss.size()));
        }
        assertThat(results.get(runs.size()).get()).isEqualTo(new BatchResult(1, 0));
        assertThat(results.get(runs.size() + 1).get()).isEqualTo(new BatchResult(2, 0));
        assertThat(points(runs.get(0), "acc")).containsExactly(new RawPoint(1, NOW, 0.25));
        assertThat(points(runs.get(1), "lr")).containsExactly(new RawPoint(2, NOW, 0.1));
        assertThat(store.listMetrics(runs.get(2))).hasSize(1);
    }

    @Test
    void two_writes_of_one_series_in_a_group_count_a_point_they_share_once_as_in_serial_order() throws Exception {
        var runId = run("twice");

        var results = inOneGroup(List.of(log(runId, point("loss", 1, 1), point("loss", 2, 2)),
                log(runId, point("loss", 2, 2), point("loss", 3, 3))));

        assertThat(results.get(0).get()).isEqualTo(new BatchResult(2, 0));
        assertThat(results.get(1).get()).isEqualTo(new BatchResult(1, 1));
        assertThat(points(runId, "loss")).extracting(RawPoint::value).containsExactly(1.0, 2.0, 3.0);
        var summary = store.listMetrics(runId).get(0);
        assertThat(summary.count()).isEqualTo(3);
        assertThat(summary.last()).isEqualTo(3.0);
    }

    @Test
    void a_group_that_moves_a_series_past_a_chunk_seals_it_and_keeps_every_point() throws Exception {
        var runId = run("sealing");
        // The first batch sets a dense series (blocks of 256 steps); the group then crosses into the next chunk.
        var first = new ArrayList<MetricPoint>();
        for (int step = 0; step < 250; step++) first.add(point("loss", step, step));
        store.logBatch(runId, first, Map.of(), Map.of());

        var writes = new ArrayList<Supplier<BatchResult>>();
        for (int step = 250; step < 260; step++) writes.add(log(runId, point("loss", step, step)));
        var results = inOneGroup(writes);

        for (var result : results) assertThat(result.get()).isEqualTo(new BatchResult(1, 0));
        assertThat(points(runId, "loss")).hasSize(260).extracting(RawPoint::step).doesNotHaveDuplicates();
        int blocks = database.read(handle -> handle.createQuery("SELECT COUNT(*) FROM metric_blocks").mapTo(Integer.class).one());
        assertThat(blocks).isEqualTo(1);
        assertThat(store.listMetrics(runId).get(0).count()).isEqualTo(260);
    }

    @Test
    void a_point_resent_into_a_sealed_chunk_within_a_group_is_not_stored_twice() throws Exception {
        var runId = run("resent");
        var first = new ArrayList<MetricPoint>();
        for (int step = 0; step < 300; step++) first.add(point("loss", step, step));
        store.logBatch(runId, first, Map.of(), Map.of()); // chunk 0 (steps 0..255) is sealed

        var results = inOneGroup(List.of(log(runId, point("loss", 10, 10)), log(runId, point("loss", 300, 300))));

        assertThat(results.get(0).get()).isEqualTo(new BatchResult(0, 1));
        assertThat(results.get(1).get()).isEqualTo(new BatchResult(1, 0));
        assertThat(points(runId, "loss")).hasSize(301);
        assertThat(store.listMetrics(runId).get(0).count()).isEqualTo(301);
    }

    private String run(String name) {
        var runId = java.util.UUID.randomUUID().toString().replace("-", "");
        store.createRun(new NewRun(runId, experimentId, name, RunStatus.RUNNING, NOW, "", null, "", Map.of(), Map.of()));
        return runId;
    }

    private static MetricPoint point(String key, double value, long step) {
        return new MetricPoint(key, value, NOW, step);
    }

    private Supplier<BatchResult> log(String runId, MetricPoint... points) {
        return () -> store.logBatch(runId, List.of(points), Map.of(), Map.of());
    }

    private List<RawPoint> points(String runId, String key) {
        return store.readPoints(runId, key, null, null, 100_000, null).items();
    }

    private static SextantException failure(CompletableFuture<BatchResult> result) {
        try {
            result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SextantException sextant) return sextant;
            throw new AssertionError("failed with something else", e);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the write succeeded");
    }

    /** Queues {@code writes} in order behind a write that holds the single writer, then lets them run as one group. */
    private List<CompletableFuture<BatchResult>> inOneGroup(List<Supplier<BatchResult>> writes) throws Exception {
        var holding = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var holder = CompletableFuture.runAsync(() -> database.write(handle -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        holding.await();
        var results = new ArrayList<CompletableFuture<BatchResult>>();
        for (var write : writes) {
            results.add(CompletableFuture.supplyAsync(write, runnable -> new Thread(runnable).start()));
            while (database.queuedWrites() < results.size()) Thread.sleep(1);
        }
        release.countDown();
        holder.get();
        for (var result : results) {
            try {
                result.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException expected) {
                // inspected by the test
            }
        }
        return results;
    }
}
