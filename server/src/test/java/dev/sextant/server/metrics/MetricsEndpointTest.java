package dev.sextant.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * /metrics after a known workload through both APIs: every counter holds exactly what was sent, requests are
 * labelled by route template (never a raw path), and the database, artifact and JVM series are there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ARTIFACT_BYTES = 1000;

    @TempDir
    static Path dataDir;

    private Server server;
    private Http http;
    private Scrape scrape;
    private final List<String> runIds = new ArrayList<>();
    private long ingestBytesSent;

    @BeforeAll
    void runTheWorkloadAndScrape() throws Exception {
        server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dataDir));
        http = new Http(server.port());
        for (int i = 0; i < 2; i++) {
            var created = http.post("/api/v1/runs", "{\"experiment_name\":\"metrics\"}");
            assertThat(created.status()).isEqualTo(201);
            runIds.add(JSON.readTree(created.body()).get("run_id").asText());
        }
        String a = runIds.get(0);
        String b = runIds.get(1);
        var nativeBatch = batch(250);
        ingest("/api/v1/runs/" + a + "/metrics", nativeBatch, 200);
        ingest("/api/v1/runs/" + a + "/metrics", nativeBatch, 200); // a re-send: 250 duplicates
        ingest("/api/v1/runs/" + a + "/metrics",
                "{\"metrics\":[{\"key\":\"loss\",\"value\":1,\"step\":1,\"timestamp_ms\":-5}]}", 400); // refused
        var mlflowBatch = new StringBuilder("{\"run_id\":\"" + b + "\",\"metrics\":[");
        for (int i = 0; i < 100; i++) {
            mlflowBatch.append(i == 0 ? "" : ",").append("{\"key\":\"acc\",\"value\":").append(i / 100.0)
                    .append(",\"timestamp\":").append(1_700_000_000_000L + i).append(",\"step\":").append(i).append('}');
        }
        ingest("/api/2.0/mlflow/runs/log-batch", mlflowBatch.append("]}").toString(), 200);
        for (int step = 0; step < 3; step++) {
            ingest("/api/2.0/mlflow/runs/log-metric", "{\"run_id\":\"" + b + "\",\"key\":\"lr\",\"value\":0.1,\"timestamp\":1700000000000,\"step\":"
                    + step + "}", 200);
        }
        for (int i = 0; i < 2; i++) assertThat(http.get("/api/v1/runs/" + a).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/runs/" + "f".repeat(32)).status()).isEqualTo(404);
        assertThat(http.get("/no/such/" + a).status()).isEqualTo(404);
        assertThat(http.send("HEAD", "/health", null, null).status()).isEqualTo(200);
        assertThat(http.get("/").status()).isEqualTo(200);
        var upload = http.send("PUT", "/api/v1/runs/" + a + "/artifacts/weights.bin", "x".repeat(ARTIFACT_BYTES), null);
        assertThat(upload.status()).as(upload.body()).isBetween(200, 201);
        assertThat(http.get("/api/v1/runs/" + a + "/artifacts/weights.bin").body()).hasSize(ARTIFACT_BYTES);
        scrape = http.scrape(null);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private void ingest(String path, String body, int expectedStatus) {
        var response = http.post(path, body);
        assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(expectedStatus);
        ingestBytesSent += body.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String batch(int points) {
        var body = new StringBuilder("{\"metrics\":[");
        for (int i = 0; i < points; i++) {
            body.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
                    "{\"key\":\"loss\",\"value\":%s,\"step\":%d,\"timestamp_ms\":%d}", 1.0 / (i + 1), i, 1_700_000_000_000L + i));
        }
        return body.append("]}").toString();
    }

    private double requests(String method, String route, int status) {
        return scrape.valueOrZero("sextant_http_requests_seconds_count", "method", method, "route", route, "status", Integer.toString(status));
    }

    @Test
    void points_ingested_equal_the_points_sent_in_accepted_batches_and_re_sends_count_as_duplicates() {
        assertThat(scrape.value("sextant_points_ingested_total")).isEqualTo(250 + 250 + 100 + 3);
        assertThat(scrape.value("sextant_points_duplicate_total")).isEqualTo(250);
    }

    @Test
    void ingested_bytes_are_the_request_bodies_of_the_ingest_routes() {
        assertThat(scrape.value("sextant_ingest_bytes_total")).isEqualTo(ingestBytesSent);
    }

    @Test
    void requests_are_counted_by_route_template_method_and_status() {
        assertThat(requests("POST", "/api/v1/runs", 201)).isEqualTo(2);
        assertThat(requests("POST", "/api/v1/runs/{run_id}/metrics", 200)).isEqualTo(2);
        assertThat(requests("POST", "/api/v1/runs/{run_id}/metrics", 400)).isEqualTo(1);
        assertThat(requests("POST", "/api/2.0/mlflow/runs/log-batch", 200)).isEqualTo(1);
        assertThat(requests("POST", "/api/2.0/mlflow/runs/log-metric", 200)).isEqualTo(3);
        assertThat(requests("GET", "/api/v1/runs/{run_id}", 200)).isEqualTo(2);
        assertThat(requests("GET", "/api/v1/runs/{run_id}", 404)).isEqualTo(1);
        assertThat(requests("GET", "unmatched", 404)).isEqualTo(1);
        assertThat(requests("HEAD", "/health", 200)).isEqualTo(1);
        assertThat(requests("GET", "static", 200)).isEqualTo(1);
        assertThat(scrape.value("sextant_http_requests_seconds_bucket", "method", "GET", "route", "/api/v1/runs/{run_id}",
                "status", "200", "le", "+Inf")).isEqualTo(2);
    }

    @Test
    void no_raw_path_ever_becomes_a_label() {
        for (var runId : runIds) assertThat(scrape.text()).doesNotContain(runId);
        assertThat(scrape.text()).doesNotContain("/no/such");
    }

    @Test
    void artifact_bytes_in_and_out_are_counted() {
        assertThat(scrape.value("sextant_artifact_bytes_total", "direction", "in")).isEqualTo(ARTIFACT_BYTES);
        assertThat(scrape.value("sextant_artifact_bytes_total", "direction", "out")).isEqualTo(ARTIFACT_BYTES);
    }

    @Test
    void the_database_reports_commits_group_sizes_queue_and_pool() {
        double commits = scrape.value("sextant_db_commit_seconds_count");
        assertThat(commits).isPositive();
        assertThat(scrape.value("sextant_db_commit_group_size_count")).isEqualTo(commits);
        assertThat(scrape.value("sextant_db_commit_group_size_sum")).isGreaterThanOrEqualTo(commits);
        assertThat(scrape.value("sextant_db_write_queue")).isZero();
        assertThat(scrape.value("sextant_db_pool_max")).isEqualTo(8);
        assertThat(scrape.has("sextant_db_pool_active")).isTrue();
        assertThat(scrape.has("sextant_db_pool_pending")).isTrue();
    }

    @Test
    void jvm_memory_gc_and_threads_are_there() {
        assertThat(scrape.samples()).anySatisfy((name, value) -> {
            assertThat(name).startsWith("jvm_memory_used_bytes{area=\"heap\"");
            assertThat(value).isPositive();
        });
        assertThat(scrape.value("jvm_threads_live_threads")).isPositive();
        assertThat(scrape.has("jvm_gc_memory_allocated_bytes_total")).isTrue();
        assertThat(scrape.has("process_cpu_usage")).isTrue();
    }

    @Test
    void openmetrics_is_served_to_scrapers_that_ask_for_it() throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(http.baseUrl() + "/metrics"))
                .header("Accept", "application/openmetrics-text; version=1.0.0").build();
        var response = http.client().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/openmetrics-text");
        assertThat(response.body()).contains("sextant_points_ingested_total").endsWith("# EOF\n");
    }

    @Test
    void every_series_the_grafana_dashboard_queries_is_served() throws Exception {
        var dashboard = JSON.readTree(Path.of(System.getProperty("user.dir"), "..", "deploy", "grafana", "sextant-dashboard.json").toFile());
        var names = new java.util.TreeSet<String>();
        var metricName = java.util.regex.Pattern.compile("\\b((?:sextant|jvm|process)_[a-z0-9_]+)");
        for (var expression : dashboard.findValues("expr")) {
            var match = metricName.matcher(expression.asText());
            while (match.find()) names.add(match.group(1));
        }
        assertThat(names).isNotEmpty();
        // GC pause timers appear with the JVM's first collection, which this scrape may precede.
        names.removeIf(name -> name.startsWith("jvm_gc_pause_seconds"));
        for (var name : names) assertThat(scrape.has(name)).as("the dashboard queries " + name).isTrue();
    }
}
