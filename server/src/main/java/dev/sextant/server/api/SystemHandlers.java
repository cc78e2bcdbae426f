package dev.sextant.server.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** Health check and the API description. */
public final class SystemHandlers {
    private final String version;

    public SystemHandlers(String version) {
        this.version = version;
    }

    void health(Context ctx) {
        ctx.json(Map.of("status", "ok", "version", version));
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
