package dev.sextant.server;

import dev.sextant.server.http.InFlightRequests;
import dev.sextant.server.http.RouteTemplates;
import dev.sextant.server.api.SystemHandlers;
import dev.sextant.server.artifact.ArtifactStore;
import dev.sextant.server.auth.Authenticator;
import dev.sextant.server.auth.MetricsAccess;
import dev.sextant.server.metrics.ServerMetrics;
import dev.sextant.server.service.Readiness;
import dev.sextant.server.store.BatchResult;
import dev.sextant.server.store.DatabaseStatus;
import dev.sextant.server.store.WriteObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What operators watch, wired in one place: the metrics (unless turned off), the access log, the request observer
 * feeding both, and the readiness checks. {@link Server} asks it for the hooks it plants in the stores and the app.
 */
final class Observability implements AutoCloseable {
    /** How long a readiness probe waits for the database and the artifact store. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(2);

    private final ServerMetrics metrics;
    private final MetricsAccess metricsAccess;
    private Readiness readiness;

    /** {@code auth} is null when auth is off. */
    Observability(ServerConfig.MetricsSettings settings, Authenticator auth) {
        this.metrics = settings.enabled() ? new ServerMetrics() : null;
        this.metricsAccess = new MetricsAccess(auth, settings.token());
    }

    WriteObserver writes() {
        return metrics == null ? WriteObserver.NONE : metrics.writes();
    }

    ArtifactStore meter(ArtifactStore files) {
        return metrics == null ? files : metrics.meter(files);
    }

    Consumer<BatchResult> pointsLogged() {
        return metrics == null ? result -> { } : metrics::pointsLogged;
    }

    /** The request log for Jetty: the access log, and the HTTP metrics when on. */
    RequestObserver requestObserver(RouteTemplates routes) {
        var listeners = new ArrayList<Consumer<CompletedRequest>>();
        listeners.add(new AccessLog());
        if (metrics != null) {
            var http = metrics.http();
            listeners.add(request -> http.record(request.method(), request.route(), request.status(), request.durationNanos(),
                    request.bytesIn(), request.bytesOut()));
        }
        return new RequestObserver(routes, listeners);
    }

    /** /health, /health/live, /health/ready and /metrics, over this database and artifact store. */
    SystemHandlers systemHandlers(String version, DatabaseStatus database, ArtifactStore files, InFlightRequests inFlight) {
        Map<String, Readiness.Check> checks = new LinkedHashMap<>();
        checks.put("database", database::checkReady);
        checks.put("artifacts", files::checkReachable);
        readiness = new Readiness(checks, READY_TIMEOUT);
        if (metrics != null) {
            metrics.watch(database);
            metrics.watchActiveRequests(inFlight::active);
        }
        return new SystemHandlers(version, readiness, metrics, metricsAccess);
    }

    @Override
    public void close() {
        if (readiness != null) readiness.close();
        if (metrics != null) metrics.close();
    }
}
