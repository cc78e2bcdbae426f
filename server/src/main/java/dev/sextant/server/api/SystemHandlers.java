package dev.sextant.server.api;

import dev.sextant.server.auth.MetricsAccess;
import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.metrics.ServerMetrics;
import dev.sextant.server.service.Readiness;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** Health checks, the Prometheus metrics and the API description. */
public final class SystemHandlers {
    private final String version;
    private final Readiness readiness;
    private final ServerMetrics metrics;
    private final MetricsAccess metricsAccess;

    /** {@code metrics} is null when they are turned off. */
    public SystemHandlers(String version, Readiness readiness, ServerMetrics metrics, MetricsAccess metricsAccess) {
        this.version = version;
        this.readiness = readiness;
        this.metrics = metrics;
        this.metricsAccess = metricsAccess;
    }

    void health(Context ctx) {
        ctx.json(Map.of("status", "ok", "version", version));
    }

    /** The process answers HTTP: nothing else is checked, so a database outage never gets replicas restarted. */
    void live(Context ctx) {
        ctx.json(Map.of("status", "alive", "version", version));
    }

    /** 200 when the database answers and is migrated and the artifact store is reachable; 503 naming what failed. */
    void ready(Context ctx) {
        var report = readiness.check();
        var checks = new LinkedHashMap<String, Object>();
        for (var check : report.checks()) {
            checks.put(check.name(), check.ok() ? Map.of("ok", true) : Map.of("ok", false, "error", check.error()));
        }
        ctx.status(report.ready() ? 200 : 503).json(Map.of("status", report.ready() ? "ready" : "not_ready", "checks", checks));
    }

    void metrics(Context ctx) {
        if (metrics == null) throw new SextantException(ErrorCode.ENDPOINT_NOT_FOUND, "metrics are turned off (--metrics=false)");
        if (!metricsAccess.allows(ctx.header("Authorization"))) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"sextant\"");
            throw new SextantException(ErrorCode.UNAUTHENTICATED,
                    "/metrics needs the metrics token or a token of read scope: send Authorization: Bearer TOKEN");
        }
        var accept = ctx.header("Accept");
        boolean openMetrics = accept != null && accept.contains("application/openmetrics-text");
        ctx.contentType(openMetrics ? ServerMetrics.OPENMETRICS_FORMAT : ServerMetrics.TEXT_FORMAT).result(metrics.scrape(openMetrics));
    }

    void openApi(Context ctx) throws IOException {
        try (InputStream spec = SystemHandlers.class.getResourceAsStream("/openapi.yaml")) {
            if (spec == null) throw new IllegalStateException("openapi.yaml is missing from the classpath");
            ctx.contentType("application/yaml").result(spec.readAllBytes());
        }
    }

    void docs(Context ctx) {
        ctx.redirect("/api-docs.html");
    }
}
