package dev.sextant.server.metrics;

import dev.sextant.server.artifact.ArtifactStore;
import dev.sextant.server.store.BatchResult;
import dev.sextant.server.store.DatabaseStatus;
import dev.sextant.server.store.WriteObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.IntSupplier;

/**
 * The server's metrics in one Prometheus registry: HTTP requests ({@link HttpMetrics}), points ingested, the
 * database's writes and pool ({@link DatabaseMetrics}), artifact bytes ({@link MeteredArtifactStore}) and the
 * JVM (memory, GC, threads, classes, CPU, file descriptors, uptime). Micrometer is imported in this package only.
 * Thread-safe.
 */
public final class ServerMetrics implements AutoCloseable {
    /** The Prometheus text format; OpenMetrics is served to scrapers that ask for it. */
    public static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    public static final String OPENMETRICS_FORMAT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final HttpMetrics http = new HttpMetrics(registry);
    private final DatabaseMetrics database = new DatabaseMetrics(registry);
    private final Counter pointsIngested = Counter.builder("sextant.points.ingested")
            .description("Metric points in accepted batches (native and MLflow), re-sent ones included")
            .register(registry);
    private final Counter pointsDuplicate = Counter.builder("sextant.points.duplicate")
            .description("Points of accepted batches that were stored before (re-sends), so stored nothing")
            .register(registry);

    public ServerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Where requests are recorded. */
    public HttpMetrics http() {
        return http;
    }

    /** Hears every committed write transaction: commit latency and writes per commit (group size). */
    public WriteObserver writes() {
        return database;
    }

    /** Watches the write queue and the connection pool. */
    public void watch(DatabaseStatus status) {
        database.watch(status);
    }

    /** Watches the number of requests being handled. */
    public void watchActiveRequests(IntSupplier active) {
        Gauge.builder("sextant.http.requests.active", active, supplier -> supplier.getAsInt())
                .description("Requests being handled now").strongReference(true).register(registry);
    }

    /** {@code files}, counting the bytes stored into it and read out of it. */
    public ArtifactStore meter(ArtifactStore files) {
        return new MeteredArtifactStore(files, registry);
    }

    /** Counts one accepted metric batch. */
    public void pointsLogged(BatchResult result) {
        pointsIngested.increment(result.pointsWritten() + result.pointsAlreadyPresent());
        if (result.pointsAlreadyPresent() > 0) pointsDuplicate.increment(result.pointsAlreadyPresent());
    }

    /** Everything, in the Prometheus text format, or OpenMetrics when {@code openMetrics}. */
    public String scrape(boolean openMetrics) {
        return openMetrics ? registry.scrape(OPENMETRICS_FORMAT) : registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
