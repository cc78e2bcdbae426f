package dev.sextant.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.server.domain.LifecycleStage;
import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.domain.Run;
import dev.sextant.server.domain.RunStatus;
import dev.sextant.server.domain.ViewType;
import dev.sextant.server.error.SextantException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Run search orders and paging, and the experiment's column list, on every store: each page of every order holds
 * the runs a full sort would put there, whichever way the store pages (keyset on columns, a metric's index order,
 * or offset). The tests only read, so one store is seeded for all of them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RunSearchContract {
    private static final long NOW = 1_700_000_000_000L;
    private static final int RUNS = 45;

    protected TrackingStore store;
    private final Random random = new Random(7);
    private String experimentId;
    private final List<Expected> expected = new ArrayList<>();

    /** A run as the test made it: its start time, its score (null: not logged), its loss and its group param. */
    private record Expected(String runId, long startTimeMs, Double score, double loss, String group, boolean deleted) {}

    private String database;

    /** A new, empty database (an SQLite file or a postgresql:// URL) that {@link StoreFactory} opens. */
    protected abstract String newDatabase();

    @BeforeAll
    void seed() {
        database = newDatabase();
        store = StoreFactory.open(database);
        experimentId = store.createExperiment("search", "", Map.of(), NOW).experimentId();
        store.createRun(new NewRun(runId(), "0", "elsewhere", RunStatus.RUNNING, NOW, "", null, "", Map.of("group", "a"), Map.of()));
        for (int i = 0; i < RUNS; i++) {
            var runId = runId();
            long start = NOW + i % 5; // many runs share a start time
            String group = i % 3 == 0 ? "b" : "a";
            store.createRun(new NewRun(runId, experimentId, "r" + i, RunStatus.RUNNING, start, "", null, "",
                    Map.of("group", group), Map.of("team", "t" + i % 2)));
            Double score = i % 11 == 0 ? null : i % 9 == 0 ? Double.NaN : (double) (i % 7); // ties, NaN and missing
            var points = new ArrayList<MetricPoint>(List.of(new MetricPoint("loss", 1.0 / (i + 1), NOW, 1)));
            if (score != null) points.add(new MetricPoint("score", score, NOW, 1));
            store.logBatch(runId, points, Map.of(), Map.of());
            boolean deleted = i % 13 == 5;
            if (deleted) store.setRunLifecycle(runId, LifecycleStage.DELETED, NOW);
            expected.add(new Expected(runId, start, score, 1.0 / (i + 1), group, deleted));
        }
    }

    @AfterAll
    void close() {
        store.close();
    }

    @Test
    void paging_by_a_metric_gives_values_then_nan_then_missing_and_each_run_once() {
        for (boolean ascending : new boolean[] {true, false}) {
            var order = List.of("metrics.score " + (ascending ? "ASC" : "DESC"));
            var want = expectedOrder(byScore(ascending), run -> !run.deleted());
            for (int pageSize : new int[] {1, 4, 7, 100}) {
                assertThat(pageThrough("", order, pageSize)).as("%s, pages of %d", order, pageSize).isEqualTo(want);
            }
        }
    }

    @Test
    void paging_by_a_metric_with_a_filter_keeps_only_matching_runs() {
        var want = expectedOrder(byScore(false), run -> !run.deleted() && run.group().equals("a"));
        assertThat(pageThrough("params.group = 'a'", List.of("metrics.score DESC"), 3)).isEqualTo(want);
    }

    @Test
    void paging_by_a_metric_with_a_metric_bound_gives_the_same_pages_whichever_way_the_runs_are_read() {
        var filter = "metrics.loss < 0.2 and params.group = 'a'";
        var want = expectedOrder(byScore(false), run -> !run.deleted() && run.group().equals("a") && run.loss() < 0.2);
        assertThat(want).hasSizeGreaterThan(10);
        for (var plan : List.of(SearchPlan.DEFAULT, new SearchPlan(true, 3), new SearchPlan(true, 0))) {
            // A small window makes the ordered read give up early and read the runs the bound admits instead.
            try (var planned = StoreFactory.open(database, plan)) {
                for (int pageSize : new int[] {1, 4, 100}) {
                    assertThat(pageThrough(planned, filter, List.of("metrics.score DESC"), pageSize, ViewType.ACTIVE_ONLY))
                            .as("%s, pages of %d", plan, pageSize).isEqualTo(want);
                }
            }
        }
    }

    @Test
    void paging_in_the_default_order_is_newest_first_then_by_run_id() {
        var want = expectedOrder(Comparator.comparingLong(Expected::startTimeMs).reversed().thenComparing(Expected::runId),
                run -> !run.deleted());
        for (int pageSize : new int[] {1, 6, 100}) assertThat(pageThrough("", List.of(), pageSize)).isEqualTo(want);
    }

    @Test
    void paging_by_a_param_or_by_two_metrics_still_returns_each_run_once() {
        for (var order : List.of(List.of("params.group DESC"), List.of("metrics.score ASC", "metrics.loss DESC"),
                List.of("attributes.end_time DESC"))) {
            var ids = pageThrough("", order, 4);
            assertThat(ids).as("%s", order).hasSize((int) expected.stream().filter(run -> !run.deleted()).count())
                    .doesNotHaveDuplicates();
            assertThat(ids).as("%s", order).isEqualTo(pageThrough("", order, 1000));
        }
    }

    @Test
    void deleted_runs_page_by_a_metric_in_their_own_view() {
        var want = expectedOrder(byScore(true), Expected::deleted);
        assertThat(pageThrough("", List.of("metrics.score ASC"), 1, ViewType.DELETED_ONLY)).isEqualTo(want);
    }

    @Test
    void a_page_read_in_slices_holds_the_same_runs_with_the_same_details_and_token() {
        for (var order : List.of(List.<String>of(), List.of("metrics.score DESC"), List.of("params.group ASC"))) {
            for (int pageSize : new int[] {7, 100}) {
                var query = new RunQuery(List.of(experimentId), "", order, ViewType.ACTIVE_ONLY, pageSize, null);
                var whole = store.searchRuns(query);
                for (int slice : new int[] {1, 3, 7, 500}) {
                    var sliced = store.searchRunsInSlices(query, slice);
                    var runs = new ArrayList<Run>();
                    sliced.items().forEach(runs::add);
                    assertThat(runs).as("%s, pages of %d, slices of %d", order, pageSize, slice)
                            .isEqualTo(whole.items()).allSatisfy(run -> assertThat(run.metrics()).isNotEmpty());
                    assertThat(sliced.nextPageToken()).isEqualTo(whole.nextPageToken());
                }
            }
        }
    }

    @Test
    void a_page_token_of_another_order_is_refused() {
        var first = store.searchRuns(new RunQuery(List.of(experimentId), "", List.of("metrics.score DESC"),
                ViewType.ACTIVE_ONLY, 2, null));
        assertThatThrownBy(() -> store.searchRuns(new RunQuery(List.of(experimentId), "", List.of("params.group ASC"),
                ViewType.ACTIVE_ONLY, 2, first.nextPageToken()))).isInstanceOf(SextantException.class)
                .hasMessageContaining("page_token");
    }

    @Test
    void the_column_list_names_every_param_metric_and_tag_key_of_the_experiment() {
        var keys = store.listExperimentKeys(experimentId);

        assertThat(keys.params()).containsExactly("group");
        assertThat(keys.metrics()).containsExactly("loss", "score");
        assertThat(keys.tags()).containsExactly("team");
        assertThat(store.listExperimentKeys("0").metrics()).isEmpty();
        assertThatThrownBy(() -> store.listExperimentKeys("424242")).isInstanceOf(SextantException.class);
    }

    private List<String> pageThrough(String filter, List<String> orderBy, int pageSize) {
        return pageThrough(filter, orderBy, pageSize, ViewType.ACTIVE_ONLY);
    }

    private List<String> pageThrough(String filter, List<String> orderBy, int pageSize, ViewType view) {
        return pageThrough(store, filter, orderBy, pageSize, view);
    }

    private List<String> pageThrough(TrackingStore store, String filter, List<String> orderBy, int pageSize, ViewType view) {
        var ids = new ArrayList<String>();
        String token = null;
        do {
            var page = store.searchRuns(new RunQuery(List.of(experimentId), filter, orderBy, view, pageSize, token));
            page.items().stream().map(Run::runId).forEach(ids::add);
            token = page.nextPageToken();
        } while (token != null);
        return ids;
    }

    /** MLflow's metric order: values, then NaN, then no such metric; ties newest first, then by run id. */
    private static Comparator<Expected> byScore(boolean ascending) {
        Comparator<Expected> rank = Comparator.comparingInt(run -> run.score() == null ? 2 : run.score().isNaN() ? 1 : 0);
        Comparator<Expected> value = Comparator.comparingDouble(run -> run.score() == null || run.score().isNaN() ? 0 : run.score());
        return rank.thenComparing(ascending ? value : value.reversed())
                .thenComparing(Comparator.comparingLong(Expected::startTimeMs).reversed())
                .thenComparing(Expected::runId);
    }

    private List<String> expectedOrder(Comparator<Expected> order, java.util.function.Predicate<Expected> keep) {
        return expected.stream().filter(keep).sorted(order).map(Expected::runId).toList();
    }

    private String runId() {
        var bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
