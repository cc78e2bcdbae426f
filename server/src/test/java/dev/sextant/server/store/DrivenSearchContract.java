package dev.sextant.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.domain.LifecycleStage;
import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.domain.Run;
import dev.sextant.server.domain.RunStatus;
import dev.sextant.server.domain.ViewType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A search whose filter has index terms (a param equality, a metric bound) gives the same pages whichever way the
 * store reads the runs: in the ordering index's order with no index term driving, through a window and then from
 * the terms' intersected indexes, from those indexes at once, or from their intersection read first because it is
 * smaller than the window although each range is larger; and each of them the pages a full sort of the matching runs
 * gives. Random runs: tied start times and values, NaN and missing metrics, deleted runs, params
 * logged after creation, a param too long for the index, and another experiment with the same params.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DrivenSearchContract {
    private static final long NOW = 1_700_000_000_000L;
    private static final String LONG_NOTE = "n".repeat(300);
    private static final String[] LRS = {"0.1", "0.01", "0.001"};

    protected TrackingStore store;
    private final Random random = new Random(11);
    private String experimentId;
    private final List<Expected> expected = new ArrayList<>();

    /** A run as the test made it; a null metric was not logged, NaN was logged as NaN; a null param was not logged. */
    private record Expected(String runId, long startTimeMs, Double score, Double acc, String lr, String opt, String note,
                            String team, boolean deleted) {}

    /** The ways a store may read the runs of a search, each a {@link SearchPlan} of a store over the same database. */
    private enum Plan {
        ORDERED_READ_ONLY(new SearchPlan(false, 1_000_000)),
        WINDOW_THEN_INDEX_TERMS(new SearchPlan(true, 0)),
        INDEX_TERMS_AT_ONCE(new SearchPlan(true, 1_000_000)),
        // Most ranges hold more runs than 6 (but fewer than 60), so their intersection is read first: some are
        // small enough to be read and sorted at once, the others go through the window.
        INTERSECTION_FIRST(new SearchPlan(true, 6)),
        DEFAULT(SearchPlan.DEFAULT);

        final SearchPlan plan;

        Plan(SearchPlan plan) {
            this.plan = plan;
        }
    }

    private final Map<Plan, TrackingStore> planned = new java.util.EnumMap<>(Plan.class);

    /** A new, empty database (an SQLite file or a postgresql:// URL) that {@link StoreFactory} opens. */
    protected abstract String newDatabase();

    @BeforeAll
    void seed() {
        var database = newDatabase();
        store = StoreFactory.open(database);
        experimentId = store.createExperiment("driven", "", Map.of(), NOW).experimentId();
        var elsewhere = store.createExperiment("elsewhere", "", Map.of(), NOW).experimentId();
        for (int i = 0; i < 10; i++) {
            var runId = runId();
            store.createRun(new NewRun(runId, elsewhere, "e" + i, RunStatus.RUNNING, NOW, "", null, "",
                    Map.of("lr", "0.1", "opt", "adam"), Map.of()));
            store.logBatch(runId, List.of(new MetricPoint("score", i, NOW, 1)), Map.of(), Map.of());
        }
        for (int i = 0; i < 90; i++) {
            var runId = runId();
            long start = NOW + random.nextInt(6);
            var lr = random.nextInt(10) == 0 ? null : LRS[random.nextInt(LRS.length)];
            var opt = random.nextBoolean() ? "adam" : "sgd";
            var note = i % 30 == 0 ? LONG_NOTE : null;
            var team = "t" + random.nextInt(2);
            var params = new HashMap<String, String>();
            if (lr != null) params.put("lr", lr);
            params.put("opt", opt);
            if (note != null) params.put("note", note);
            boolean laterParams = random.nextInt(5) == 0;
            store.createRun(new NewRun(runId, experimentId, "r" + i, RunStatus.RUNNING, start, "", null, "",
                    laterParams ? Map.of() : params, Map.of("team", team)));
            int kind = random.nextInt(10);
            Double score = kind == 0 ? null : kind == 1 ? Double.NaN : (double) random.nextInt(8);
            Double acc = random.nextInt(6) == 0 ? null : random.nextDouble();
            var points = new ArrayList<MetricPoint>();
            if (score != null) points.add(new MetricPoint("score", score, NOW, 1));
            if (acc != null) points.add(new MetricPoint("acc", acc, NOW, 1));
            store.logBatch(runId, points, laterParams ? params : Map.of(), Map.of());
            boolean deleted = random.nextInt(8) == 0;
            if (deleted) store.setRunLifecycle(runId, LifecycleStage.DELETED, NOW);
            expected.add(new Expected(runId, start, score, acc, lr, opt, note, team, deleted));
        }
        for (var plan : Plan.values()) planned.put(plan, StoreFactory.open(database, plan.plan));
    }

    @AfterAll
    void close() {
        planned.values().forEach(TrackingStore::close);
        store.close();
    }

    @Test
    void every_plan_pages_a_filtered_search_ordered_by_a_metric_as_a_full_sort_does() {
        for (var filter : filters().entrySet()) {
            for (var orderBy : List.of("metrics.score ASC", "metrics.score DESC", "metrics.acc DESC")) {
                Function<Expected, Double> metric = orderBy.contains("score") ? Expected::score : Expected::acc;
                var want = expectedOrder(byMetric(metric, orderBy.endsWith("ASC")), filter.getValue().and(run -> !run.deleted()));
                for (var plan : Plan.values()) {
                    for (int pageSize : new int[] {3, 100}) {
                        assertThat(pageThrough(plan, filter.getKey(), List.of(orderBy), pageSize, ViewType.ACTIVE_ONLY))
                                .as("%s, %s, %s, pages of %d", filter.getKey(), orderBy, plan, pageSize).isEqualTo(want);
                    }
                }
            }
        }
    }

    @Test
    void every_plan_pages_a_filtered_search_in_the_default_order_as_a_full_sort_does() {
        var newestFirst = Comparator.comparingLong(Expected::startTimeMs).reversed().thenComparing(Expected::runId);
        for (var filter : filters().entrySet()) {
            var want = expectedOrder(newestFirst, filter.getValue().and(run -> !run.deleted()));
            for (var plan : Plan.values()) {
                for (int pageSize : new int[] {1, 7, 100}) {
                    assertThat(pageThrough(plan, filter.getKey(), List.of(), pageSize, ViewType.ACTIVE_ONLY))
                            .as("%s, %s, pages of %d", filter.getKey(), plan, pageSize).isEqualTo(want);
                }
            }
        }
    }

    @Test
    void every_plan_keeps_deleted_runs_in_their_own_view_and_both_in_all() {
        var filter = "params.opt = 'sgd' and metrics.score >= 2";
        Predicate<Expected> match = run -> "sgd".equals(run.opt()) && run.score() != null && run.score() >= 2;
        var order = byMetric(Expected::score, false);
        for (var plan : Plan.values()) {
            assertThat(pageThrough(plan, filter, List.of("metrics.score DESC"), 2, ViewType.DELETED_ONLY)).as("%s", plan)
                    .isEqualTo(expectedOrder(order, match.and(Expected::deleted)));
            assertThat(pageThrough(plan, filter, List.of("metrics.score DESC"), 5, ViewType.ALL)).as("%s", plan)
                    .isEqualTo(expectedOrder(order, match));
        }
    }

    @Test
    void runs_of_another_experiment_with_the_same_params_are_never_found() {
        for (var plan : Plan.values()) {
            var ids = pageThrough(plan, "params.lr = '0.1' and params.opt = 'adam'", List.of("metrics.score DESC"), 100,
                    ViewType.ALL);
            assertThat(ids).as("%s", plan).isNotEmpty()
                    .allMatch(id -> expected.stream().anyMatch(run -> run.runId().equals(id)));
        }
    }

    /** Filters with their meaning: index terms alone, with other terms, a param too long for the index, no match. */
    private static Map<String, Predicate<Expected>> filters() {
        var filters = new LinkedHashMap<String, Predicate<Expected>>();
        filters.put("params.lr = '0.01'", run -> "0.01".equals(run.lr()));
        filters.put("params.lr = '0.01' and metrics.score > 4", run -> "0.01".equals(run.lr()) && above(run.score(), 4));
        filters.put("metrics.score >= 2 and params.opt = 'adam' and params.lr = '0.1'",
                run -> "adam".equals(run.opt()) && "0.1".equals(run.lr()) && run.score() != null && run.score() >= 2);
        filters.put("params.lr = '0.001' and tags.team = 't1'", run -> "0.001".equals(run.lr()) && run.team().equals("t1"));
        filters.put("params.note = '" + LONG_NOTE + "'", run -> LONG_NOTE.equals(run.note()));
        filters.put("params.lr = '0.5'", run -> false);
        filters.put("metrics.acc < 0.5 and params.opt = 'sgd'",
                run -> "sgd".equals(run.opt()) && run.acc() != null && run.acc() < 0.5);
        filters.put("metrics.score = 3 and params.lr = '0.1'", run -> "0.1".equals(run.lr()) && Double.valueOf(3).equals(run.score()));
        filters.put("params.lr = '0.1' and params.opt = 'adam' and params.lr = '0.01'", run -> false);
        return filters;
    }

    private static boolean above(Double value, double bound) {
        return value != null && !value.isNaN() && value > bound;
    }

    private List<String> pageThrough(Plan plan, String filter, List<String> orderBy, int pageSize, ViewType view) {
        var ids = new ArrayList<String>();
        String token = null;
        do {
            var page = planned.get(plan).searchRuns(new RunQuery(List.of(experimentId), filter, orderBy, view, pageSize, token));
            page.items().stream().map(Run::runId).forEach(ids::add);
            token = page.nextPageToken();
        } while (token != null);
        return ids;
    }

    /** MLflow's metric order: values, then NaN, then no such metric; ties newest first, then by run id. */
    private static Comparator<Expected> byMetric(Function<Expected, Double> metric, boolean ascending) {
        Comparator<Expected> rank = Comparator.comparingInt(run -> metric.apply(run) == null ? 2 : metric.apply(run).isNaN() ? 1 : 0);
        Comparator<Expected> value = Comparator.comparingDouble(run -> {
            var v = metric.apply(run);
            return v == null || v.isNaN() ? 0 : v;
        });
        return rank.thenComparing(ascending ? value : value.reversed())
                .thenComparing(Comparator.comparingLong(Expected::startTimeMs).reversed())
                .thenComparing(Expected::runId);
    }

    private List<String> expectedOrder(Comparator<Expected> order, Predicate<Expected> keep) {
        return expected.stream().filter(keep).sorted(order).map(Expected::runId).toList();
    }

    private String runId() {
        var bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
