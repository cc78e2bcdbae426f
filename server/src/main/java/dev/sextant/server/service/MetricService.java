package dev.sextant.server.service;

import dev.sextant.server.domain.Envelope;
import dev.sextant.server.domain.MetricGroups;
import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.domain.MetricSummary;
import dev.sextant.server.domain.ModelMetric;
import dev.sextant.server.domain.Page;
import dev.sextant.server.domain.RawPoint;
import dev.sextant.server.domain.XEnvelope;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.store.BatchResult;
import dev.sextant.server.store.TrackingStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Rules for metric writes and reads: keys, batch sizes, bucket counts, page sizes. */
public final class MetricService {
    public static final int MAX_POINTS_PER_BATCH = 100_000;
    public static final int MAX_BUCKETS = 10_000;
    public static final int MAX_RAW_PAGE = 100_000;
    public static final int MAX_QUERY_SERIES = 1_000;

    private final TrackingStore store;
    private final Limits limits;
    /** Bucket means of runs read for groups: 2,000 rows of up to 10,000 buckets at most (about 40 MB at worst). */
    private final RunMeansCache groupMeans = new RunMeansCache(2_000);
    private final Consumer<BatchResult> logged;

    public MetricService(TrackingStore store, Limits limits) {
        this(store, limits, result -> { });
    }

    /** {@code logged} hears of every accepted batch once it is committed (the metrics count points with it). */
    public MetricService(TrackingStore store, Limits limits, Consumer<BatchResult> logged) {
        this.store = store;
        this.limits = limits;
        this.logged = logged;
    }

    /** Logs points (and optionally params and tags) in one transaction; every item is checked first. */
    public BatchResult log(String runId, List<MetricPoint> points, Map<String, String> params, Map<String, String> tags) {
        return log(runId, points, params, tags, List.of());
    }

    /**
     * As {@link #log(String, List, Map, Map)}, and also records {@code modelMetrics} (points of {@code points} that
     * a run logged for a logged model, MLflow 3's model_id) in the same transaction.
     */
    public BatchResult log(String runId, List<MetricPoint> points, Map<String, String> params, Map<String, String> tags,
                           List<ModelMetric> modelMetrics) {
        return log(runId, points, params, tags, modelMetrics, null);
    }

    /** As above, and renames the run to {@code newName} (null: keeps its name) in the same transaction. */
    public BatchResult log(String runId, List<MetricPoint> points, Map<String, String> params, Map<String, String> tags,
                           List<ModelMetric> modelMetrics, String newName) {
        InputRules.runName(newName);
        limits.checkPointsPerBatch(points.size());
        var checkedKeys = new HashSet<String>();
        for (var point : points) {
            if (checkedKeys.add(point.key())) InputRules.key(limits, "metric", point.key());
            if (point.timestampMs() < 0) {
                throw SextantException.invalid("metric '" + point.key() + "' timestamp_ms must be >= 0, got " + point.timestampMs());
            }
        }
        InputRules.params(limits, params);
        InputRules.tags(limits, tags);
        var result = store.logBatch(runId, points, params, tags, modelMetrics, newName);
        logged.accept(result);
        return result;
    }

    /** The limits writes are checked against, for readers that check counts while they parse. */
    public Limits limits() {
        return limits;
    }

    public List<MetricSummary> list(String runId) {
        return store.listMetrics(runId);
    }

    public Envelope envelope(String runId, String key, int buckets, Long fromStep, Long toStep) {
        InputRules.range("buckets", buckets, 1, MAX_BUCKETS);
        return store.readEnvelope(runId, key, buckets, fromStep, toStep).orElseThrow(() -> missingSeries(runId, key));
    }

    /** Envelopes of many runs × keys; series that do not exist are simply absent from the answer. */
    public List<Envelope> envelopes(List<String> runIds, List<String> keys, int buckets, Long fromStep, Long toStep) {
        InputRules.range("buckets", buckets, 1, MAX_BUCKETS);
        if ((long) runIds.size() * keys.size() > MAX_QUERY_SERIES) {
            throw SextantException.invalid("a query may ask for at most " + MAX_QUERY_SERIES + " series (run_ids x keys), got "
                    + (long) runIds.size() * keys.size());
        }
        var result = new ArrayList<Envelope>();
        for (var runId : runIds) {
            for (var key : keys) store.readEnvelope(runId, key, buckets, fromStep, toStep).ifPresent(result::add);
        }
        return result;
    }

    /** One run's series bucketed by another metric's value (x = metric:&lt;key&gt;); see {@link XAxis}. */
    public XEnvelope envelopeByMetric(String runId, String key, String x, int buckets, Double from, Double to) {
        InputRules.range("buckets", buckets, 1, MAX_BUCKETS);
        var axis = XAxis.parse(x, limits);
        if (axis.kind() != XAxis.Kind.METRIC) throw SextantException.invalid("x must be step or metric:<key> here, got '" + x + "'");
        if (from != null && to != null && from > to) throw SextantException.invalid("from must be <= to, got " + from + " > " + to);
        var run = store.findRun(runId).orElseThrow(() -> SextantException.notFound("run", runId));
        return new GroupGrids(store).xEnvelope(run, key, axis.metricKey(), buckets, from, to);
    }

    /** Group statistics of a metric over runs split by group_by keys, on one bucket grid (see MetricGroupReader). */
    public MetricGroups groups(GroupQuery query) {
        return new MetricGroupReader(store, limits, groupMeans).read(query);
    }

    public Page<RawPoint> points(String runId, String key, Long fromStep, Long toStep, int maxResults, String pageToken) {
        InputRules.range("max_results", maxResults, 1, MAX_RAW_PAGE);
        store.findRun(runId).orElseThrow(() -> SextantException.notFound("run", runId));
        return store.readPoints(runId, key, fromStep, toStep, maxResults, pageToken);
    }

    /**
     * At most {@code max} points of a series spread over [fromStep, toStep] (null: unbounded), for charts: a window
     * holding at most max points comes back whole, as in MLflow; a longer one is sampled from its envelope, the first
     * point of each bucket and the last point of the range.
     */
    public List<RawPoint> sample(String runId, String key, Long fromStep, Long toStep, int max) {
        var window = points(runId, key, fromStep, toStep, max + 1, null).items();
        if (window.size() <= max) return window;
        var envelope = envelope(runId, key, Math.max(1, max - 1), fromStep, toStep);
        var points = new ArrayList<RawPoint>();
        for (var bucket : envelope.buckets()) {
            points.add(new RawPoint(bucket.firstStep(), bucket.firstTimestampMs(), bucket.first()));
        }
        if (!envelope.buckets().isEmpty()) {
            var last = envelope.buckets().get(envelope.buckets().size() - 1);
            if (last.lastStep() != last.firstStep() || last.lastTimestampMs() != last.firstTimestampMs()) {
                points.add(new RawPoint(last.lastStep(), last.lastTimestampMs(), last.last()));
            }
        }
        return points.size() <= max ? points : points.subList(0, max);
    }

    private SextantException missingSeries(String runId, String key) {
        store.findRun(runId).orElseThrow(() -> SextantException.notFound("run", runId));
        return SextantException.notFound("metric", key);
    }
}
