package dev.sextant.server.mlflow;

import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.domain.ModelMetric;
import dev.sextant.server.domain.RawPoint;
import dev.sextant.server.domain.Run;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.service.MetricService;
import dev.sextant.server.service.RunService;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** MLflow's metric logging (log-metric, log-batch) and history reads on top of MetricService. */
final class MlflowMetricHandlers {
    static final int MAX_BULK_RUNS = 100;
    static final int MAX_BULK_RESULTS = 2500;
    /** Points get-history holds to sort when their timestamps are not in step order (~90 bytes each in the heap). */
    static final int MAX_SORTED_HISTORY = 1_000_000;

    private final MetricService metrics;
    private final RunService runs;
    private final MlflowJson json;

    MlflowMetricHandlers(MetricService metrics, RunService runs, MlflowJson json) {
        this.metrics = metrics;
        this.runs = runs;
        this.json = json;
    }

    /** Every field log-metric reads; one request per point, so its body is streamed for these alone. */
    static final java.util.Set<String> LOG_METRIC_FIELDS =
            MlflowRequest.fields("key", "value", "timestamp", "step", "model_id", "dataset_name", "dataset_digest");

    void logMetric(Context ctx) {
        var request = json.read(ctx, LOG_METRIC_FIELDS);
        var runId = request.runId();
        var point = point(request, "");
        metrics.log(runId, List.of(point), Map.of(), Map.of(), modelMetrics(runId, List.of(request), List.of(point)));
        json.writeEmpty(ctx);
    }

    /**
     * One transaction for metrics, params and tags (MLflow itself is not atomic across the three), through the same
     * service call as the native metric route. The body is streamed, never held as a tree: see {@link MlflowBatchReader}.
     */
    void logBatch(Context ctx) throws IOException {
        var batch = MlflowBatchReader.read(ctx.bodyInputStream());
        MlflowMessages.rememberRunId(ctx, batch.runId());
        // An mlflow.runName tag renames the run, in the same transaction as the batch.
        var name = batch.tags().get(MlflowJson.RUN_NAME_TAG);
        metrics.log(batch.runId(), batch.points(), batch.params(), batch.tags(), batch.modelMetrics(),
                name == null || name.isEmpty() ? null : name);
        json.writeEmpty(ctx);
    }

    /**
     * The whole series in one answer, as MLflow's own server does (it ignores max_results). Paging is not
     * an option: the Java client 2.17.2 crashes when it receives a next_page_token for a metric history.
     */
    void getHistory(Context ctx) {
        var request = json.read(ctx);
        var runId = request.runId();
        var key = request.requiredString("metric_key");
        // MLflow answers an unknown key with no metrics rather than an error.
        if (!hasMetric(runs.get(runId), key)) {
            json.writeEmpty(ctx);
            return;
        }
        String token = emptyToNull(request.string("page_token"));
        // MLflow's SQL store returns a history ordered by timestamp, then step; clients and scripts rely on it. Points
        // are stored in step order, which is almost always that order too: then they are streamed as they are read.
        var order = new HistoryOrder();
        forEachPoint(runId, key, token, order::add);
        if (order.inOrder) {
            json.writeArray(ctx, "metrics", item -> forEachPoint(runId, key, token, p -> item.accept(metricJson(key, p))));
            return;
        }
        if (order.count > MAX_SORTED_HISTORY) {
            throw SextantException.invalid("metric '" + key + "' has " + order.count + " points whose timestamps go back "
                    + "as steps go forward; get-history sorts at most " + MAX_SORTED_HISTORY + " such points by timestamp. "
                    + "Read them in step order with GET /api/v1/runs/" + runId + "/metrics/" + key + "?raw=true");
        }
        var points = new ArrayList<MlflowJson.MetricJson>((int) order.count);
        forEachPoint(runId, key, token, p -> points.add(metricJson(key, p)));
        points.sort(Comparator.comparingLong(MlflowJson.MetricJson::timestamp).thenComparingLong(MlflowJson.MetricJson::step));
        json.writeArray(ctx, "metrics", points::forEach);
    }

    /** Whether points read in step order are also in (timestamp, step) order, and how many there are. */
    private static final class HistoryOrder {
        long count;
        boolean inOrder = true;
        private long lastTimestamp = Long.MIN_VALUE;
        private long lastStep = Long.MIN_VALUE;

        void add(RawPoint point) {
            if (point.timestampMs() < lastTimestamp || (point.timestampMs() == lastTimestamp && point.step() < lastStep)) {
                inOrder = false;
            }
            lastTimestamp = point.timestampMs();
            lastStep = point.step();
            count++;
        }
    }

    /** Every point of the series from {@code token} on, in step order, one page in memory at a time. */
    private void forEachPoint(String runId, String key, String token, java.util.function.Consumer<RawPoint> each) {
        String next = token;
        do {
            var page = metrics.points(runId, key, null, null, MetricService.MAX_RAW_PAGE, next);
            page.items().forEach(each);
            next = page.nextPageToken();
        } while (next != null);
    }

    private static MlflowJson.MetricJson metricJson(String key, RawPoint point) {
        return new MlflowJson.MetricJson(key, MlflowJson.clampInfinity(point.value()), point.timestampMs(), point.step());
    }

    /**
     * For charts: per run, at most max_results points spread over the step range, always keeping the
     * first and the last step. A series no longer than max_results comes back whole; a longer one is
     * sampled from its envelope (the first point of each bucket and the last point of the range).
     */
    void getHistoryBulkInterval(Context ctx) {
        var request = json.read(ctx);
        var runIds = request.strings("run_ids");
        if (runIds.isEmpty()) throw MlflowRequest.missing("run_ids");
        if (runIds.size() > MAX_BULK_RUNS) {
            throw SextantException.invalid("GetMetricHistoryBulkInterval request must specify at most " + MAX_BULK_RUNS
                    + " run_ids. Received " + runIds.size() + " run_ids.");
        }
        var key = request.requiredString("metric_key");
        var startStep = request.optionalLong("start_step");
        var endStep = request.optionalLong("end_step");
        if ((startStep == null) != (endStep == null)) {
            throw SextantException.invalid("If either start step or end step are specified, both must be specified.");
        }
        if (startStep != null && startStep > endStep) {
            throw SextantException.invalid("end_step must be greater than start_step. Found start_step=" + startStep
                    + " and end_step=" + endStep + ".");
        }
        var maxResults = request.optionalLong("max_results");
        long max = maxResults == null ? MAX_BULK_RESULTS : maxResults;
        if (max < 1 || max > MAX_BULK_RESULTS) {
            throw SextantException.invalid("max_results must be between 1 and " + MAX_BULK_RESULTS + ", got " + max);
        }
        var result = new ArrayList<MlflowJson.RunMetricJson>();
        for (var runId : runIds) {
            var run = runs.get(runId);
            if (!hasMetric(run, key)) continue;
            for (var point : metrics.sample(runId, key, startStep, endStep, (int) max)) {
                result.add(new MlflowJson.RunMetricJson(key, MlflowJson.clampInfinity(point.value()), point.timestampMs(),
                        point.step(), runId));
            }
        }
        json.write(ctx, Map.of("metrics", result));
    }

    private static boolean hasMetric(Run run, String key) {
        return run.metrics().stream().anyMatch(m -> m.key().equals(key));
    }

    /** One metric message; {@code prefix} ("metrics[3].") makes error messages name the item. */
    private static MetricPoint point(MlflowRequest message, String prefix) {
        var key = message.string("key");
        if (key == null || key.isEmpty()) throw MlflowRequest.missing(prefix + "key");
        var value = message.optionalDouble("value");
        if (value == null) throw MlflowRequest.missing(prefix + "value");
        var timestamp = message.optionalLong("timestamp");
        if (timestamp == null) throw MlflowRequest.missing(prefix + "timestamp");
        var step = message.optionalLong("step");
        return new MetricPoint(key, MlflowJson.clampInfinity(value), timestamp, step == null ? 0 : step);
    }

    /** MLflow 3 links a point to a logged model (model_id), optionally measured on a dataset. */
    private static List<ModelMetric> modelMetrics(String runId, List<MlflowRequest> messages, List<MetricPoint> points) {
        var result = new ArrayList<ModelMetric>();
        for (int i = 0; i < messages.size(); i++) {
            var modelId = emptyToNull(messages.get(i).string("model_id"));
            if (modelId == null) continue;
            var point = points.get(i);
            result.add(new ModelMetric(modelId, point.key(), point.value(), point.timestampMs(), point.step(), runId,
                    emptyToNull(messages.get(i).string("dataset_name")), emptyToNull(messages.get(i).string("dataset_digest"))));
        }
        return result;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
