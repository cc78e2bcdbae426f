package dev.sextant.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Requests by route template, method and status: a latency histogram and request/response body bytes; and
 * the body bytes of metric-ingest requests. Labels come from a bounded set (templates, a handful of methods,
 * status codes), so the series stay few whatever paths clients send.
 */
public final class HttpMetrics {
    /** The routes that carry metric points in; their request bodies count as ingested bytes. */
    static final Set<String> INGEST_ROUTES = Set.of(
            "POST /api/v1/runs/{run_id}/metrics",
            "POST /api/2.0/mlflow/runs/log-batch", "POST /ajax-api/2.0/mlflow/runs/log-batch",
            "POST /api/2.0/mlflow/runs/log-metric", "POST /ajax-api/2.0/mlflow/runs/log-metric");
    private static final Duration[] LATENCY_BUCKETS = seconds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30);

    private final MeterRegistry registry;
    private final Counter ingestBytes;
    private final ConcurrentHashMap<Key, Meters> meters = new ConcurrentHashMap<>();

    private record Key(String method, String route, int status) {}

    private record Meters(Timer latency, Counter requestBytes, Counter responseBytes, boolean ingest) {}

    HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.ingestBytes = Counter.builder("sextant.ingest.bytes").baseUnit("bytes")
                .description("Request body bytes of metric-ingest requests (native batches, MLflow log-batch and log-metric)")
                .register(registry);
    }

    /** One answered request; {@code method} and {@code route} must come from bounded sets. */
    public void record(String method, String route, int status, long durationNanos, long requestBytes, long responseBytes) {
        var meters = this.meters.computeIfAbsent(new Key(method, route, status), this::register);
        meters.latency().record(durationNanos, TimeUnit.NANOSECONDS);
        if (requestBytes > 0) {
            meters.requestBytes().increment(requestBytes);
            if (meters.ingest()) ingestBytes.increment(requestBytes);
        }
        if (responseBytes > 0) meters.responseBytes().increment(responseBytes);
    }

    private Meters register(Key key) {
        var status = Integer.toString(key.status());
        var latency = Timer.builder("sextant.http.requests")
                .description("HTTP requests by route template, method and status, from the first byte read to the last written")
                .tags("method", key.method(), "route", key.route(), "status", status)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
        var requestBytes = Counter.builder("sextant.http.request.bytes").baseUnit("bytes")
                .description("Request body bytes read").tags("method", key.method(), "route", key.route()).register(registry);
        var responseBytes = Counter.builder("sextant.http.response.bytes").baseUnit("bytes")
                .description("Response body bytes written").tags("method", key.method(), "route", key.route()).register(registry);
        return new Meters(latency, requestBytes, responseBytes, INGEST_ROUTES.contains(key.method() + " " + key.route()));
    }

    private static Duration[] seconds(double... values) {
        var durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) durations[i] = Duration.ofNanos((long) (values[i] * 1e9));
        return durations;
    }
}
