package dev.sextant.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import dev.sextant.server.auth.Scope;
import dev.sextant.server.auth.TokenEntry;
import dev.sextant.server.auth.TokenFile;
import dev.sextant.server.auth.TokenHash;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may read /metrics, and the off switch. */
class MetricsAccessTest {
    private static final String METRICS_TOKEN = "scrape-secret-1234567890";

    @TempDir
    Path folder;

    private Server start(boolean auth, ServerConfig.MetricsSettings settings) {
        var config = ServerConfig.embedded("127.0.0.1", 0, folder.resolve("data")).withMetrics(settings);
        return Server.start(config, auth ? folder.resolve("tokens") : null);
    }

    private String addToken(String name, Scope scope) {
        var token = TokenHash.newToken();
        TokenFile.add(folder.resolve("tokens"), new TokenEntry(name, scope, TokenHash.of(token)));
        return token;
    }

    @Test
    void with_auth_on_a_read_token_or_the_metrics_token_reads_metrics_and_nothing_else_does() {
        var reader = addToken("reader", Scope.READ);
        try (var server = start(true, new ServerConfig.MetricsSettings(true, METRICS_TOKEN))) {
            var http = new Http(server.port());
            assertThat(http.send("GET", "/metrics", null, null).status()).isEqualTo(401);
            assertThat(http.send("GET", "/metrics", null, "not-a-token").status()).isEqualTo(401);
            assertThat(http.send("GET", "/metrics", null, reader).status()).isEqualTo(200);
            assertThat(http.send("GET", "/metrics", null, METRICS_TOKEN).body()).contains("sextant_http_requests_seconds");
            // The metrics token opens /metrics only.
            assertThat(http.send("GET", "/api/v1/experiments", null, METRICS_TOKEN).status()).isEqualTo(401);
        }
    }

    @Test
    void with_auth_on_and_no_metrics_token_a_read_token_is_needed() {
        var reader = addToken("reader", Scope.READ);
        try (var server = start(true, ServerConfig.MetricsSettings.ON)) {
            var http = new Http(server.port());
            assertThat(http.send("GET", "/metrics", null, null).status()).isEqualTo(401);
            assertThat(http.send("GET", "/metrics", null, reader).status()).isEqualTo(200);
        }
    }

    @Test
    void a_request_refused_before_its_handler_is_counted_under_its_route_template() {
        var reader = addToken("reader", Scope.READ);
        try (var server = start(true, ServerConfig.MetricsSettings.ON)) {
            var http = new Http(server.port());
            assertThat(http.get("/api/v1/runs/" + "a".repeat(32)).status()).isEqualTo(401);
            assertThat(http.send("POST", "/api/v1/runs", "{}", reader).status()).isEqualTo(403);
            var scrape = http.scrape(reader);
            assertThat(scrape.value("sextant_http_requests_seconds_count", "method", "GET", "route", "/api/v1/runs/{run_id}", "status", "401"))
                    .isEqualTo(1);
            assertThat(scrape.value("sextant_http_requests_seconds_count", "method", "POST", "route", "/api/v1/runs", "status", "403"))
                    .isEqualTo(1);
        }
    }

    @Test
    void with_auth_off_a_metrics_token_still_guards_metrics_but_not_the_api() {
        try (var server = start(false, new ServerConfig.MetricsSettings(true, METRICS_TOKEN))) {
            var http = new Http(server.port());
            assertThat(http.get("/metrics").status()).isEqualTo(401);
            assertThat(http.send("GET", "/metrics", null, METRICS_TOKEN).status()).isEqualTo(200);
            assertThat(http.get("/api/v1/experiments").status()).isEqualTo(200);
        }
    }

    @Test
    void health_probes_stay_open_when_auth_is_on() {
        addToken("reader", Scope.READ);
        try (var server = start(true, ServerConfig.MetricsSettings.ON)) {
            var http = new Http(server.port());
            assertThat(http.get("/health/live").status()).isEqualTo(200);
            assertThat(http.get("/health/ready").status()).isEqualTo(200);
            assertThat(http.get("/health").status()).isEqualTo(200);
        }
    }

    @Test
    void turned_off_there_is_no_metrics_endpoint_and_the_api_works() {
        try (var server = start(false, new ServerConfig.MetricsSettings(false, null))) {
            var http = new Http(server.port());
            var metrics = http.get("/metrics");
            assertThat(metrics.status()).isEqualTo(404);
            assertThat(metrics.body()).contains("ENDPOINT_NOT_FOUND").contains("--metrics=false");
            assertThat(http.post("/api/v1/runs", "{\"experiment_name\":\"off\"}").status()).isEqualTo(201);
        }
    }
}
