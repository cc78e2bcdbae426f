package dev.sextant.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sextant.server.domain.Dataset;
import dev.sextant.server.domain.DatasetInput;
import dev.sextant.server.domain.Envelope;
import dev.sextant.server.domain.EnvelopeBucket;
import dev.sextant.server.domain.IntervalMean;
import dev.sextant.server.domain.LifecycleStage;
import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.domain.MetricSummary;
import dev.sextant.server.domain.RawPoint;
import dev.sextant.server.domain.RunStatus;
import dev.sextant.server.domain.ViewType;
import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link TrackingStore} must have, written once. Subclasses only supply a fresh,
 * empty store per test.
 */
public abstract class TrackingStoreContract {
    private static final long NOW = 1_700_000_000_000L;

    protected TrackingStore store;
    private final Random random = new Random(42);

    /** A new store over an empty, freshly migrated database. */
    protected abstract TrackingStore openStore();

    @BeforeEach
    void openFreshStore() {
        store = openStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    // Experiments

    @Test
    void the_default_experiment_exists_with_id_0() {
        var experiment = store.findExperiment("0").orElseThrow();
        assertThat(experiment.name()).isEqualTo("Default");
        assertThat(experiment.lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
    }

    @Test
    void new_experiments_get_ids_1_2_and_so_on() {
        var first = store.createExperiment("first", "", Map.of(), NOW);
        var second = store.createExperiment("second", "about it", Map.of("team", "vision"), NOW);
        assertThat(first.experimentId()).isEqualTo("1");
        assertThat(second.experimentId()).isEqualTo("2");
        assertThat(store.findExperimentByName("second").orElseThrow().tags()).isEqualTo(Map.of("team", "vision"));
        assertThat(store.listExperiments(ViewType.ALL)).extracting(e -> e.name()).containsExactly("Default", "first", "second");
    }

    @Test
    void experiment_names_are_unique() {
        store.createExperiment("taken", "", Map.of(), NOW);
        assertFails(ErrorCode.RESOURCE_ALREADY_EXISTS, () -> store.createExperiment("taken", "", Map.of(), NOW));
    }

    @Test
    void an_experiment_is_renamed_but_not_onto_a_taken_name() {
        var experiment = store.createExperiment("old", "", Map.of(), NOW);
        store.createExperiment("other", "", Map.of(), NOW);
        store.updateExperiment(experiment.experimentId(), "new", "described", NOW + 1);
        var renamed = store.findExperiment(experiment.experimentId()).orElseThrow();
        assertThat(renamed.name()).isEqualTo("new");
        assertThat(renamed.description()).isEqualTo("described");
        assertFails(ErrorCode.RESOURCE_ALREADY_EXISTS, () -> store.updateExperiment(experiment.experimentId(), "other", null, NOW));
    }

    @Test
    void experiment_tags_are_set_overwritten_and_deleted() {
        var id = store.createExperiment("tagged", "", Map.of("a", "1"), NOW).experimentId();
        store.setExperimentTags(id, Map.of("a", "2", "b", "3"), NOW);
        store.deleteExperimentTag(id, "b");
        assertThat(store.findExperiment(id).orElseThrow().tags()).isEqualTo(Map.of("a", "2"));
        assertFails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.deleteExperimentTag(id, "b"));
    }

    @Test
    void a_deleted_experiment_is_listed_as_deleted_refuses_runs_and_can_be_restored() {
        var id = store.createExperiment("gone", "", Map.of(), NOW).experimentId();
        store.setExperimentLifecycle(id, LifecycleStage.DELETED, NOW);
        assertThat(store.listExperiments(ViewType.ACTIVE_ONLY)).extracting(e -> e.name()).containsExactly("Default");
        assertThat(store.listExperiments(ViewType.DELETED_ONLY)).extracting(e -> e.name()).containsExactly("gone");
        assertFails(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.createRun(newRun(randomRunId(), id)));
        store.setExperimentLifecycle(id, LifecycleStage.ACTIVE, NOW);
        store.createRun(newRun(randomRunId(), id));
        assertThat(store.findExperiment(id).orElseThrow().runCount()).isEqualTo(1);
    }

    @Test
    void deleting_an_experiment_deletes_its_runs_and_restoring_it_brings_back_only_those() {
        var id = store.createExperiment("with runs", "", Map.of(), NOW).experimentId();
        var kept = randomRunId();
        var deletedAlone = randomRunId();
        store.createRun(newRun(kept, id));
        store.createRun(newRun(deletedAlone, id));
        store.setRunLifecycle(deletedAlone, LifecycleStage.DELETED, NOW);

        store.setExperimentLifecycle(id, LifecycleStage.DELETED, NOW + 10);
        store.setExperimentLifecycle(id, LifecycleStage.DELETED, NOW + 20); // again: changes nothing
        store.setRunLifecycle(kept, LifecycleStage.DELETED, NOW + 25); // already deleted: keeps its stamp
        assertThat(runIds(id, ViewType.ACTIVE_ONLY)).isEmpty();
        assertThat(runIds(id, ViewType.DELETED_ONLY)).containsExactlyInAnyOrder(kept, deletedAlone);
        assertThat(store.findRun(kept).orElseThrow().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertFails(ErrorCode.INVALID_PARAMETER_VALUE, () -> log(kept, point("loss", 1, 0)));

        store.setExperimentLifecycle(id, LifecycleStage.ACTIVE, NOW + 30);
        assertThat(runIds(id, ViewType.ACTIVE_ONLY)).containsExactly(kept);
        assertThat(runIds(id, ViewType.DELETED_ONLY)).containsExactly(deletedAlone);
        log(kept, point("loss", 1, 0));
    }

    @Test
    void a_run_created_while_its_experiment_is_deleted_is_refused_or_deleted_with_it() throws Exception {
        var pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                var id = store.createExperiment("racing-" + round, "", Map.of(), NOW).experimentId();
                var runId = randomRunId();
                var barrier = new CyclicBarrier(2);
                var create = pool.submit(() -> {
                    barrier.await();
                    try {
                        store.createRun(newRun(runId, id));
                        return true;
                    } catch (SextantException refused) {
                        assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
                        return false;
                    }
                });
                var delete = pool.submit(() -> {
                    barrier.await();
                    store.setExperimentLifecycle(id, LifecycleStage.DELETED, NOW + 1);
                    return null;
                });
                delete.get(1, TimeUnit.MINUTES);
                if (create.get(1, TimeUnit.MINUTES)) {
                    assertThat(store.findRun(runId).orElseThrow().lifecycleStage()).as("round " + round).isEqualTo(LifecycleStage.DELETED);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // Runs

    @Test
    void a_run_is_created_with_params_and_tags_and_found() {
        var runId = randomRunId();
        store.createRun(new NewRun(runId, "0", "brisk-heron-1", RunStatus.RUNNING, NOW, "ana", null, "",
                Map.of("optimizer.lr", "0.1"), Map.of("note", "first")));
        var run = store.findRun(runId).orElseThrow();
        assertThat(run.name()).isEqualTo("brisk-heron-1");
        assertThat(run.user()).isEqualTo("ana");
        assertThat(run.params()).isEqualTo(Map.of("optimizer.lr", "0.1"));
        assertThat(run.tags()).isEqualTo(Map.of("note", "first"));
        assertThat(run.endTimeMs()).isNull();
        assertThat(store.findRun(randomRunId())).isEmpty();
    }

    @Test
    void a_client_chosen_run_id_that_is_taken_is_refused() {
        var runId = randomRunId();
        store.createRun(newRun(runId, "0"));
        assertFails(ErrorCode.RESOURCE_ALREADY_EXISTS, () -> store.createRun(newRun(runId, "0")));
    }

    @Test
    void a_run_in_a_missing_experiment_is_refused() {
        assertFails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.createRun(newRun(randomRunId(), "999")));
    }

    @Test
    void a_run_is_updated_field_by_field() {
        var runId = createRun();
        store.updateRun(runId, new RunUpdate(null, null, "renamed", "some notes"));
        store.updateRun(runId, new RunUpdate(RunStatus.FINISHED, NOW + 5, null, null));
        var run = store.findRun(runId).orElseThrow();
        assertThat(run.name()).isEqualTo("renamed");
        assertThat(run.notes()).isEqualTo("some notes");
        assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(run.endTimeMs()).isEqualTo(NOW + 5);
    }

    @Test
    void writes_to_a_deleted_run_are_refused_until_it_is_restored() {
        var runId = createRun();
        store.setRunLifecycle(runId, LifecycleStage.DELETED, NOW);
        assertThat(store.findRun(runId).orElseThrow().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertFails(ErrorCode.INVALID_PARAMETER_VALUE, () -> log(runId, point("loss", 1, 0)));
        assertFails(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.updateRun(runId, new RunUpdate(RunStatus.KILLED, null, null, null)));
        store.setRunLifecycle(runId, LifecycleStage.ACTIVE, NOW);
        log(runId, point("loss", 1, 0));
        assertThat(store.listMetrics(runId)).hasSize(1);
    }

    // Params and tags

    @Test
    void a_param_logged_again_with_the_same_value_is_a_no_op() {
        var runId = createRun();
        store.logBatch(runId, List.of(), Map.of("lr", "0.1"), Map.of());
        store.logBatch(runId, List.of(), Map.of("lr", "0.1"), Map.of());
        assertThat(store.findRun(runId).orElseThrow().params()).isEqualTo(Map.of("lr", "0.1"));
    }

    @Test
    void a_param_cannot_change_and_the_failed_batch_writes_nothing() {
        var runId = createRun();
        store.logBatch(runId, List.of(), Map.of("lr", "0.1"), Map.of());
        assertFails(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.logBatch(runId, List.of(point("loss", 1, 0)),
                Map.of("lr", "0.2", "batch", "32"), Map.of("tag", "x")));
        var run = store.findRun(runId).orElseThrow();
        assertThat(run.params()).isEqualTo(Map.of("lr", "0.1"));
        assertThat(run.tags()).isEmpty();
        assertThat(run.metrics()).isEmpty();
    }

    @Test
    void run_tags_are_overwritten_and_deleted() {
        var runId = createRun();
        store.logBatch(runId, List.of(), Map.of(), Map.of("a", "1", "b", "2"));
        store.logBatch(runId, List.of(), Map.of(), Map.of("a", "3"));
        store.deleteRunTag(runId, "b");
        assertThat(store.findRun(runId).orElseThrow().tags()).isEqualTo(Map.of("a", "3"));
        assertFails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.deleteRunTag(runId, "b"));
    }

    // Dataset inputs

    @Test
    void dataset_inputs_are_kept_once_per_run_and_shared_within_an_experiment() {
        var first = createRun();
        var second = createRun();
        var iris = new Dataset("iris", "d1", "local", "/data/iris.csv", "{\"cols\":4}", null);
        store.logInputs(first, List.of(new DatasetInput(iris, Map.of(DatasetInput.CONTEXT_TAG, "train")),
                new DatasetInput(iris, Map.of(DatasetInput.CONTEXT_TAG, "eval")))); // the same dataset again: first wins
        store.logInputs(first, List.of(new DatasetInput(new Dataset("wine", "d2", "s3", "s3://b/wine", null, null), Map.of())));
        store.logInputs(second, List.of(new DatasetInput(iris, Map.of(DatasetInput.CONTEXT_TAG, "eval"))));

        var inputs = store.findRun(first).orElseThrow().inputs();
        assertThat(inputs).extracting(input -> input.dataset().name()).containsExactly("iris", "wine");
        assertThat(inputs.get(0).dataset()).isEqualTo(iris);
        assertThat(inputs.get(0).tags()).isEqualTo(Map.of(DatasetInput.CONTEXT_TAG, "train"));
        assertThat(inputs.get(1).tags()).isEmpty();
        var searched = store.searchRuns(new RunQuery(List.of("0"), "", List.of(), ViewType.ACTIVE_ONLY, 100, null)).items();
        assertThat(searched).filteredOn(run -> run.runId().equals(second)).singleElement()
                .satisfies(run -> assertThat(run.inputs()).singleElement()
                        .satisfies(input -> assertThat(input.tags()).containsEntry(DatasetInput.CONTEXT_TAG, "eval")));

        assertThat(matching("datasets.name = 'wine'")).containsExactly(first);
        assertThat(matching("datasets.name = 'iris'")).containsExactlyInAnyOrder(first, second);
        assertThat(matching("datasets.context = 'train'")).containsExactly(first);
        assertThat(matching("dataset.digest IN ('d2', 'zz')")).containsExactly(first);
        assertThat(matching("datasets.name LIKE 'ir%' AND datasets.context = 'eval'")).containsExactly(second);
        assertThat(matching("datasets.name ILIKE 'WINE'")).containsExactly(first);
        assertThat(matching("datasets.name NOT IN ('iris')")).containsExactly(first);
        assertFails(ErrorCode.INVALID_PARAMETER_VALUE, () -> matching("datasets.size = 'x'"));
        assertFails(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.searchRuns(
                new RunQuery(List.of("0"), "", List.of("datasets.name"), ViewType.ACTIVE_ONLY, 10, null)));

        // iris and wine exist in the experiment before this run logs them: the run's own order wins.
        var third = createRun(); // wine exists in the experiment before iris does for this run: the run's order wins
        store.logInputs(third, List.of(new DatasetInput(new Dataset("cars", "d3", "local", "c", null, null), Map.of())));
        store.logInputs(third, List.of(new DatasetInput(new Dataset("wine", "d2", "s3", "s3://b/wine", null, null), Map.of())));
        store.logInputs(third, List.of(new DatasetInput(iris, Map.of())));
        assertThat(store.findRun(third).orElseThrow().inputs()).extracting(input -> input.dataset().name())
                .containsExactly("cars", "wine", "iris");
    }

    @Test
    void dataset_inputs_of_a_deleted_run_are_refused_and_change_nothing() {
        var runId = createRun();
        store.setRunLifecycle(runId, LifecycleStage.DELETED, NOW);
        var input = new DatasetInput(new Dataset("iris", "d1", "local", "x", null, null), Map.of());
        assertFails(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.logInputs(runId, List.of(input)));
        assertFails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.logInputs(randomRunId(), List.of(input)));
        assertThat(store.findRun(runId).orElseThrow().inputs()).isEmpty();
    }

    private List<String> matching(String filter) {
        return store.searchRuns(new RunQuery(List.of("0"), filter, List.of(), ViewType.ACTIVE_ONLY, 100, null)).items().stream()
                .map(run -> run.runId()).toList();
    }

    // Metrics

    @Test
    void a_re_sent_batch_stores_nothing_twice() {
        var runId = createRun();
        var batch = List.of(point("loss", 0.5, 1), point("loss", 0.4, 2), point("acc", 0.9, 2));
        assertThat(store.logBatch(runId, batch, Map.of(), Map.of())).isEqualTo(new BatchResult(3, 0));
        var before = store.listMetrics(runId);
        assertThat(store.logBatch(runId, batch, Map.of(), Map.of())).isEqualTo(new BatchResult(0, 3));
        assertThat(store.listMetrics(runId)).isEqualTo(before);
        assertThat(summary(runId, "loss").count()).isEqualTo(2);
    }

    @Test
    void duplicates_within_one_batch_are_stored_once() {
        var runId = createRun();
        var result = store.logBatch(runId, List.of(point("loss", 1, 3), point("loss", 1, 3), point("loss", 2, 3)),
                Map.of(), Map.of());
        assertThat(result).isEqualTo(new BatchResult(2, 1));
        assertThat(summary(runId, "loss").count()).isEqualTo(2);
        assertThat(allPoints(runId, "loss", 10)).hasSize(2);
    }

    @Test
    void a_large_batch_partly_stored_before_counts_and_stores_each_new_point_once() {
        // Larger than the multi-row statements SQLite's inserter uses, with a tail, NaNs and a repeat:
        // the first write takes the all-new path, the second (half of it stored before) the point-by-point one.
        var runId = createRun();
        var all = new ArrayList<MetricPoint>();
        for (int step = 0; step < 1_234; step++) all.add(randomPoint("loss", step));
        var everyOther = new ArrayList<MetricPoint>(); // 617 points: a full statement and a tail
        for (int i = 0; i < all.size(); i += 2) everyOther.add(all.get(i));
        assertThat(store.logBatch(runId, everyOther, Map.of(), Map.of())).isEqualTo(new BatchResult(everyOther.size(), 0));

        var resent = new ArrayList<>(all);
        resent.add(all.get(7)); // a repeat within the batch of a point not stored before
        int fresh = all.size() - everyOther.size();
        assertThat(store.logBatch(runId, resent, Map.of(), Map.of()))
                .isEqualTo(new BatchResult(fresh, resent.size() - fresh));

        var oracle = new PointOracle(all);
        assertThat(summary(runId, "loss").count()).isEqualTo(all.size());
        assertThat(allPoints(runId, "loss", 500)).containsExactlyElementsOf(oracle.points());
        checkEnvelopes(runId, "loss", oracle, 0, all.size() - 1);
    }

    @Test
    void out_of_order_steps_are_kept_and_the_summary_follows_step_order() {
        var runId = createRun();
        log(runId, point("loss", 5, 10), point("loss", 3, 30));
        log(runId, point("loss", 9, 0), point("loss", 4, 20));
        var summary = summary(runId, "loss");
        assertThat(summary.count()).isEqualTo(4);
        assertThat(summary.firstStep()).isZero();
        assertThat(summary.first()).isEqualTo(9);
        assertThat(summary.lastStep()).isEqualTo(30);
        assertThat(summary.last()).isEqualTo(3);
        assertThat(summary.min()).isEqualTo(3);
        assertThat(summary.max()).isEqualTo(9);
        assertThat(summary.mean()).isEqualTo(5.25);
        assertThat(allPoints(runId, "loss", 2)).extracting(RawPoint::step).containsExactly(0L, 10L, 20L, 30L);
    }

    @Test
    void nan_and_infinities_round_trip_through_summaries_and_points() {
        var runId = createRun();
        log(runId, point("x", Double.NaN, 0), point("x", Double.POSITIVE_INFINITY, 1),
                point("x", Double.NEGATIVE_INFINITY, 2), point("x", 1.5, 3), point("x", Double.NaN, 4));
        log(runId, point("only_nan", Double.NaN, 0));
        var x = summary(runId, "x");
        assertThat(x.count()).isEqualTo(5);
        assertThat(x.first()).isNaN();
        assertThat(x.last()).isNaN();
        assertThat(x.min()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(x.max()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(x.mean()).isNaN(); // +inf + -inf
        var onlyNan = summary(runId, "only_nan");
        assertThat(onlyNan.min()).isNaN();
        assertThat(onlyNan.max()).isNaN();
        assertThat(onlyNan.mean()).isNaN();
        assertThat(allPoints(runId, "x", 2)).extracting(RawPoint::value)
                .containsExactly(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.5, Double.NaN);
        var envelope = store.readEnvelope(runId, "x", 1, null, null).orElseThrow();
        assertThat(envelope.buckets()).singleElement().satisfies(bucket -> {
            assertThat(bucket.count()).isEqualTo(5);
            assertThat(bucket.min()).isEqualTo(Double.NEGATIVE_INFINITY);
            assertThat(bucket.max()).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(bucket.first()).isNaN();
        });
    }

    @Test
    void sums_past_the_largest_double_become_infinite_and_the_series_keeps_taking_points() {
        // MLflow's routes clamp an infinite loss to ±Double.MAX_VALUE, logged one point a request.
        var runId = createRun();
        log(runId, point("diverged", Double.MAX_VALUE, 0));
        log(runId, point("diverged", Double.MAX_VALUE, 1));
        log(runId, point("diverged", 1.0, 2));
        log(runId, point("falling", -Double.MAX_VALUE, 0));
        log(runId, point("falling", -Double.MAX_VALUE, 1));
        var diverged = summary(runId, "diverged");
        assertThat(diverged.count()).isEqualTo(3);
        assertThat(diverged.max()).isEqualTo(Double.MAX_VALUE);
        assertThat(diverged.mean()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(summary(runId, "falling").mean()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(allPoints(runId, "diverged", 2)).extracting(RawPoint::value).containsExactly(Double.MAX_VALUE, Double.MAX_VALUE, 1.0);
        assertThat(store.readEnvelope(runId, "diverged", 1, null, null).orElseThrow().buckets())
                .singleElement().satisfies(bucket -> assertThat(bucket.count()).isEqualTo(3));
    }

    @Test
    void interval_means_past_the_largest_double_are_infinite() {
        // Each level-8 chunk sums to Double.MAX_VALUE (finite), so a bucket of four of them, and the three raw points of
        // the chunk the series is still in, sum past it; PostgreSQL's SUM failed the group read with 'value out of range'.
        var runId = createRun();
        var points = new ArrayList<MetricPoint>();
        for (long step = 0; step < 2100; step++) {
            boolean large = step % 256 == 0 || step == 2050 || step == 2051;
            points.add(point("diverged", large ? Double.MAX_VALUE : 0, step));
        }
        store.logBatch(runId, points, Map.of(), Map.of());
        var means = store.readIntervalMeans(runId, "diverged", new long[] {0, 1024, 2048}, 2099).orElseThrow();
        assertThat(means).extracting(IntervalMean::startStep).containsExactly(0L, 1024L, 2048L);
        assertThat(means).extracting(IntervalMean::count).containsExactly(1024L, 1024L, 52L);
        assertThat(means).extracting(IntervalMean::mean)
                .containsExactly(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    @Test
    void envelopes_of_dense_steps_match_a_brute_force_computation() {
        var runId = createRun();
        var points = new ArrayList<MetricPoint>();
        for (long step = 0; step < 20_000; step++) points.add(randomPoint("dense", step));
        points.set(12_345, new MetricPoint("dense", 1e9, 12_345L * 10, 12_345)); // a spike
        logShuffled(runId, points, 2_500);
        var oracle = new PointOracle(points);
        assertThat(store.readEnvelope(runId, "dense", 100, null, null).orElseThrow().buckets())
                .anySatisfy(bucket -> assertThat(bucket.max()).isEqualTo(1e9));
        checkEnvelopes(runId, "dense", oracle, -50, 20_050);
    }

    @Test
    void envelopes_of_sparse_and_negative_steps_match_a_brute_force_computation() {
        var runId = createRun();
        var points = new ArrayList<MetricPoint>();
        for (long i = -2_000; i < 3_000; i++) points.add(randomPoint("sparse", i * 1_000));
        for (long step = -300; step < 300; step++) points.add(randomPoint("sparse", step * 7 + 3));
        points.add(new MetricPoint("sparse", -1e9, 1, -777_777)); // a negative spike
        logShuffled(runId, points, 1_000);
        var oracle = new PointOracle(points);
        assertThat(store.readEnvelope(runId, "sparse", 50, null, null).orElseThrow().buckets())
                .anySatisfy(bucket -> assertThat(bucket.min()).isEqualTo(-1e9));
        checkEnvelopes(runId, "sparse", oracle, -2_100_000, 3_100_000);
    }

    @Test
    void envelopes_of_a_series_growing_one_point_at_a_time_across_chunk_boundaries_stay_exact() {
        var runId = createRun();
        var points = new ArrayList<MetricPoint>();
        // Each step widens the series past a chunk boundary of a coarser level (16, 256, 4096, 65536), then below 0.
        long[] steps = {7, 8, 15, 16, 100, 255, 256, 4_095, 4_096, 70_000, -1, 1L << 41};
        for (long step : steps) {
            var point = randomPoint("grown", step);
            points.add(point);
            log(runId, point);
            var oracle = new PointOracle(points);
            for (int buckets : new int[] {1, 3, 100}) {
                checkEnvelope(store.readEnvelope(runId, "grown", buckets, null, null).orElseThrow(), oracle, buckets);
            }
        }
        for (long step = 0; step < 3_000; step += 3) points.add(randomPoint("grown", step * 29 + 1));
        logShuffled(runId, points.subList(steps.length, points.size()), 7);
        checkEnvelopes(runId, "grown", new PointOracle(points), -100, 100_000);
    }

    @Test
    void raw_paging_returns_every_point_exactly_once_in_order() {
        var runId = createRun();
        var points = new ArrayList<MetricPoint>();
        for (int i = 0; i < 3_000; i++) {
            long step = random.nextInt(400) - 100;
            long ts = random.nextInt(3);
            double value = random.nextInt(10) == 0 ? Double.NaN : random.nextInt(5) - 2; // many equal (step, ts)
            points.add(new MetricPoint("raw", value, ts, step));
        }
        logShuffled(runId, points, 700);
        var oracle = new PointOracle(points);
        assertThat(allPoints(runId, "raw", 37)).isEqualTo(oracle.points());
        var page = store.readPoints(runId, "raw", -20L, 20L, 100_000, null);
        assertThat(page.items()).isEqualTo(oracle.between(-20, 20));
        assertThat(page.nextPageToken()).isNull();
    }

    @Test
    void search_paging_returns_each_run_exactly_once() {
        var experimentId = store.createExperiment("many", "", Map.of(), NOW).experimentId();
        var created = new HashSet<String>();
        for (int i = 0; i < 53; i++) {
            var runId = randomRunId();
            store.createRun(new NewRun(runId, experimentId, "r" + i, RunStatus.RUNNING, NOW + i % 4, "", null, "",
                    Map.of(), Map.of()));
            created.add(runId);
        }
        store.createRun(newRun(randomRunId(), "0")); // another experiment: not in the results
        var seen = new ArrayList<String>();
        String token = null;
        do {
            var page = store.searchRuns(new RunQuery(List.of(experimentId), "", List.of(), ViewType.ACTIVE_ONLY, 5, token));
            page.items().forEach(run -> seen.add(run.runId()));
            token = page.nextPageToken();
        } while (token != null);
        assertThat(seen).hasSize(53).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(created);
    }

    @Test
    void concurrent_writers_to_the_same_and_different_runs_store_every_point_once() throws Exception {
        int threads = 6;
        int batches = 15;
        int perBatch = 400;
        var shared = createRun();
        var own = new ArrayList<String>();
        for (int t = 0; t < threads; t++) own.add(createRun());
        var written = new AtomicLong();
        var barrier = new CyclicBarrier(threads);
        var tasks = new ArrayList<Callable<Void>>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            tasks.add(() -> {
                barrier.await();
                for (int b = 0; b < batches; b++) {
                    var batch = new ArrayList<MetricPoint>();
                    for (int i = 0; i < perBatch; i++) {
                        long step = ((long) thread * batches + b) * perBatch + i;
                        batch.add(new MetricPoint("shared", step, step, step));
                        batch.add(new MetricPoint("key_" + b, 1.0, step, step)); // every thread creates this series at once
                        batch.add(new MetricPoint("overlap", 1.0, 0, (long) b * perBatch + i)); // same points from every thread
                    }
                    Collections.shuffle(batch, new Random(thread * 1000L + b));
                    written.addAndGet(store.logBatch(shared, batch, Map.of(), Map.of()).pointsWritten());
                    store.logBatch(own.get(thread), batch.subList(0, perBatch), Map.of(), Map.of());
                }
                return null;
            });
        }
        var pool = Executors.newFixedThreadPool(threads);
        try {
            for (var future : pool.invokeAll(tasks, 5, TimeUnit.MINUTES)) future.get();
        } finally {
            pool.shutdownNow();
        }
        long total = (long) threads * batches * perBatch;
        assertThat(summary(shared, "shared").count()).isEqualTo(total);
        assertThat(summary(shared, "shared").mean()).isCloseTo((total - 1) / 2.0, within(1e-6));
        assertThat(summary(shared, "overlap").count()).isEqualTo((long) batches * perBatch);
        long perKey = 0;
        for (int b = 0; b < batches; b++) perKey += summary(shared, "key_" + b).count();
        assertThat(perKey).isEqualTo(total);
        assertThat(written.get()).isEqualTo(total * 2 + (long) batches * perBatch);
        var envelope = store.readEnvelope(shared, "shared", 10, null, null).orElseThrow();
        assertThat(envelope.buckets().stream().mapToLong(b -> b.count()).sum()).isEqualTo(total);
        for (var runId : own) {
            assertThat(store.listMetrics(runId).stream().mapToLong(MetricSummary::count).sum())
                    .isEqualTo((long) batches * perBatch);
        }
    }

    @Test
    void racing_creators_of_one_experiment_name_get_one_winner() throws Exception {
        int threads = 6;
        var barrier = new CyclicBarrier(threads);
        var tasks = new ArrayList<Callable<String>>();
        for (int t = 0; t < threads; t++) {
            tasks.add(() -> {
                barrier.await();
                try {
                    return store.createExperiment("contested", "", Map.of(), NOW).experimentId();
                } catch (SextantException e) {
                    return e.code().name();
                }
            });
        }
        var pool = Executors.newFixedThreadPool(threads);
        var outcomes = new ArrayList<String>();
        try {
            for (var future : pool.invokeAll(tasks, 1, TimeUnit.MINUTES)) outcomes.add(future.get());
        } finally {
            pool.shutdownNow();
        }
        assertThat(outcomes).filteredOn(o -> o.equals("RESOURCE_ALREADY_EXISTS")).hasSize(threads - 1);
        assertThat(store.listExperiments(ViewType.ALL)).extracting(e -> e.name()).containsExactly("Default", "contested");
    }

    // Helpers

    private void checkEnvelopes(String runId, String key, PointOracle oracle, long low, long high) {
        int[] bucketCounts = {1, 2, 3, 7, 10, 64, 100, 333, 1000, 5000};
        var ranges = new ArrayList<long[]>();
        ranges.add(null);
        ranges.add(new long[] {low, high});
        for (int i = 0; i < 25; i++) {
            long a = low + (long) (random.nextDouble() * (high - low));
            long b = low + (long) (random.nextDouble() * (high - low));
            ranges.add(new long[] {Math.min(a, b), Math.max(a, b)});
        }
        for (var range : ranges) {
            for (int buckets : bucketCounts) {
                Long from = range == null ? null : range[0];
                Long to = range == null ? null : range[1];
                var envelope = store.readEnvelope(runId, key, buckets, from, to).orElseThrow();
                checkEnvelope(envelope, oracle, buckets);
            }
        }
    }

    private static void checkEnvelope(Envelope envelope, PointOracle oracle, int buckets) {
        var description = "envelope " + envelope.fromStep() + ".." + envelope.toStep() + " in " + buckets;
        assertThat(envelope.buckets()).as(description).hasSizeLessThanOrEqualTo(buckets + 1);
        long previousEnd = Long.MIN_VALUE;
        long counted = 0;
        for (var bucket : envelope.buckets()) {
            assertThat(bucket.startStep()).as(description).isGreaterThan(previousEnd)
                    .isGreaterThanOrEqualTo(envelope.fromStep());
            assertThat(bucket.endStep()).as(description).isLessThanOrEqualTo(envelope.toStep());
            previousEnd = bucket.endStep();
            var expected = oracle.bucket(bucket.startStep(), bucket.endStep());
            assertThat(expected).as(description + ": bucket " + bucket + " holds no points").isNotNull();
            double tolerance = 1e-9 * (1 + Math.abs(expected.mean()));
            boolean meanMatches = Double.isNaN(expected.mean()) ? Double.isNaN(bucket.mean())
                    : Math.abs(bucket.mean() - expected.mean()) <= tolerance;
            // Records compare doubles with Double.compare, so NaN equals NaN; the mean differs only by rounding.
            var comparable = meanMatches ? withMean(expected, bucket.mean()) : expected;
            if (!bucket.equals(comparable)) assertThat(bucket).as(description).isEqualTo(expected);
            counted += bucket.count();
        }
        assertThat(counted).as(description).isEqualTo(oracle.between(envelope.fromStep(), envelope.toStep()).size());
    }

    private static EnvelopeBucket withMean(EnvelopeBucket b, double mean) {
        return new EnvelopeBucket(b.startStep(), b.endStep(), b.count(), b.min(), b.max(), mean, b.firstStep(),
                b.firstTimestampMs(), b.first(), b.lastStep(), b.lastTimestampMs(), b.last());
    }

    private List<RawPoint> allPoints(String runId, String key, int pageSize) {
        var all = new ArrayList<RawPoint>();
        String token = null;
        do {
            var page = store.readPoints(runId, key, null, null, pageSize, token);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(pageSize);
            all.addAll(page.items());
            token = page.nextPageToken();
        } while (token != null);
        return all;
    }

    private void logShuffled(String runId, List<MetricPoint> points, int batchSize) {
        var shuffled = new ArrayList<>(points);
        Collections.shuffle(shuffled, random);
        for (int i = 0; i < shuffled.size(); i += batchSize) {
            store.logBatch(runId, shuffled.subList(i, Math.min(shuffled.size(), i + batchSize)), Map.of(), Map.of());
        }
    }

    private MetricPoint randomPoint(String key, long step) {
        double value = random.nextInt(50) == 0 ? Double.NaN : Math.round(random.nextGaussian() * 1e6) / 1e3;
        return new MetricPoint(key, value, step * 10 + 1, step);
    }

    private List<String> runIds(String experimentId, ViewType view) {
        return store.searchRuns(new RunQuery(List.of(experimentId), "", List.of(), view, 100, null)).items().stream()
                .map(run -> run.runId()).toList();
    }

    private MetricSummary summary(String runId, String key) {
        return store.listMetrics(runId).stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
    }

    private void log(String runId, MetricPoint... points) {
        store.logBatch(runId, List.of(points), Map.of(), Map.of());
    }

    private static MetricPoint point(String key, double value, long step) {
        return new MetricPoint(key, value, NOW + step, step);
    }

    private String createRun() {
        var runId = randomRunId();
        store.createRun(newRun(runId, "0"));
        return runId;
    }

    private static NewRun newRun(String runId, String experimentId) {
        return new NewRun(runId, experimentId, "run", RunStatus.RUNNING, NOW, "", null, "", Map.of(), Map.of());
    }

    private String randomRunId() {
        var bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void assertFails(ErrorCode code, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(SextantException.class)
                .satisfies(e -> assertThat(((SextantException) e).code()).isEqualTo(code));
    }
}
