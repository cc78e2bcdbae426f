package dev.sextant.server.auth;

import static dev.sextant.server.auth.AuthServer.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import dev.sextant.server.http.SecurityHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSP, nosniff, no-referrer and frame denial on UI and API responses; the login redirect for UI pages. */
class SecurityHeadersTest {
    @TempDir Path dir;

    static void assertHardened(HttpResponse<?> response, String what) {
        var headers = response.headers();
        assertThat(headers.firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
        assertThat(headers.firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
        assertThat(headers.firstValue("X-Frame-Options")).as(what).hasValue("DENY");
        assertThat(headers.firstValue("Content-Security-Policy")).as(what).isPresent();
    }

    @Test
    void every_ui_and_api_response_carries_the_headers_with_auth_off() throws Exception {
        try (var server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dir))) {
            var http = HttpClient.newHttpClient();
            var base = "http://127.0.0.1:" + server.port();
            for (var path : List.of("/", "/index.html", "/js/app.js", "/css/app.css", "/api/v1/experiments", "/health",
                    "/api/2.0/mlflow/experiments/search", "/nope", "/login.html")) {
                var response = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.discarding());
                assertHardened(response, path);
                assertThat(response.headers().firstValue("Content-Security-Policy")).as(path).hasValue(SecurityHeaders.UI_POLICY);
            }
            var docs = http.send(HttpRequest.newBuilder(URI.create(base + "/api-docs.html")).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(docs.headers().firstValue("Content-Security-Policy")).hasValue(SecurityHeaders.SWAGGER_POLICY);
        }
    }

    @Test
    void the_ui_policy_allows_nothing_inline_and_no_framing() {
        assertThat(SecurityHeaders.UI_POLICY).contains("default-src 'self'", "script-src 'self';", "style-src 'self';",
                "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'").doesNotContain("unsafe");
    }

    @Test
    void with_auth_on_pages_redirect_to_login_and_user_html_artifacts_stay_sandboxed_attachments() {
        try (var server = new AuthServer(dir)) {
            var runId = server.seed("headers")[1];
            var page = server.get("/", Map.of());
            assertThat(page.status()).isEqualTo(302);
            assertThat(page.header("Location")).endsWith("/login.html");
            assertHardened(page.raw(), "/ redirect");
            assertThat(server.get("/login.html", Map.of()).status()).isEqualTo(200);
            assertThat(server.get("/js/login-page.js", Map.of()).status()).isEqualTo(200);
            assertThat(server.get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", Map.of()).status()).isEqualTo(401);
            assertThat(server.get("/", bearer(server.readToken)).status()).isEqualTo(200);

            var refused = server.get("/api/v1/experiments", Map.of());
            assertThat(refused.status()).isEqualTo(401);
            assertHardened(refused.raw(), "401");

            var artifact = server.get("/api/v1/runs/" + runId + "/artifacts/page.html", bearer(server.readToken));
            assertThat(artifact.status()).isEqualTo(200);
            assertThat(artifact.header("Content-Security-Policy")).contains("sandbox");
            assertThat(artifact.header("Content-Disposition")).startsWith("attachment");
            assertThat(artifact.header("X-Content-Type-Options")).isEqualTo("nosniff");
        }
    }
}
