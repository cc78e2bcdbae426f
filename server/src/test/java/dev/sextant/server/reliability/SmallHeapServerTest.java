package dev.sextant.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.support.RawClient;
import dev.sextant.server.support.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as its own JVM with the heap the jar gets by default in a 1 GiB container (256 MB, a quarter of it; the
 * Docker image gives it half): requests that used to kill the process or run its heap out are refused, the heavy
 * paths (big uploads and batches, zips, million-point reads) work, and it is still alive after each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmallHeapServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServerProcess server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    record Answer(int status, JsonNode body) {}

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        server = ServerProcess.start(work, "256m", Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) server.close();
    }

    @AfterEach
    void serverIsStillAlive() throws IOException {
        assertThat(server.isAlive()).as("server alive; its log:\n%s", server.log()).isTrue();
    }

    @Test
    void a_like_pattern_deep_enough_to_overflow_sqlites_stack_is_refused_on_every_search() throws Exception {
        var run = post("/api/v1/runs", JSON.writeValueAsString(Map.of("experiment_name", "patterns",
                "config", Map.of("p", "a".repeat(7999) + "b"), "tags", Map.of("t", "a".repeat(7999) + "b"))));
        assertThat(run.status()).as(run.body().toString()).isEqualTo(201);
        String experimentId = run.body().get("experiment_id").asText();
        // Under the 64 KB filter limit, yet 10,000 '%' took the whole JVM down with SIGSEGV.
        String deadly = "%a".repeat(10_000);
        String manyWildcards = "%a".repeat(5_000);

        var nativeSearch = post("/api/v1/runs/search", JSON.writeValueAsString(Map.of(
                "experiment_ids", new String[] {experimentId}, "filter", "params.p LIKE '" + deadly + "'")));
        var mlflowSearch = post("/api/2.0/mlflow/runs/search", JSON.writeValueAsString(Map.of(
                "experiment_ids", new String[] {experimentId}, "filter", "tags.t ILIKE '" + deadly + "'")));
        var experimentSearch = post("/api/2.0/mlflow/experiments/search", JSON.writeValueAsString(Map.of(
                "filter", "name LIKE '" + deadly + "'")));
        var wildcards = post("/api/v1/runs/search", JSON.writeValueAsString(Map.of(
                "experiment_ids", new String[] {experimentId}, "filter", "params.p LIKE '" + manyWildcards + "'")));

        for (var answer : new Answer[] {nativeSearch, mlflowSearch, experimentSearch}) {
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body().get("message").asText()).endsWith("is 20000 characters long, over the limit of 10000");
        }
        assertThat(wildcards.status()).isEqualTo(400);
        assertThat(wildcards.body().get("message").asText()).endsWith("has 5000 '%' wildcards, over the limit of 100");
        var allowed = post("/api/v1/runs/search", JSON.writeValueAsString(Map.of(
                "experiment_ids", new String[] {experimentId}, "filter", "params.p LIKE '" + "%a".repeat(99) + "%b'")));
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.body().get("runs")).hasSize(1);
    }

    @Test
    void an_mlflow_log_batch_of_hundreds_of_thousands_of_metrics_is_counted_while_streaming_and_refused() throws Exception {
        String runId = post("/api/v1/runs", "{}").body().get("run_id").asText();

        var streamed = send("/api/2.0/mlflow/runs/log-batch", batch("{\"run_id\":\"" + runId + "\",\"metrics\":[",
                "{\"key\":\"m\",\"value\":1.5,\"timestamp\":1700000000000,\"step\":1}", 250_000, "]}"));
        var million = send("/api/2.0/mlflow/runs/log-batch", batch("{\"run_id\":\"" + runId + "\",\"metrics\":[",
                "{\"key\":\"m\",\"value\":1.5,\"timestamp\":1700000000000,\"step\":1}", 1_000_000, "]}"));

        assertThat(streamed.status()).isEqualTo(400);
        assertThat(streamed.body().get("message").asText())
                .startsWith("A batch logging request can contain at most 1000 metrics. Got 250000 metrics.");
        assertThat(million.status()).as("a log-batch can never legally be 50 MB").isEqualTo(413);
        assertThat(million.body().get("message").asText()).contains("exceeds the limit max-json-body=16777216 bytes");
        assertThat(post("/api/v1/runs/search", "{}").status()).isEqualTo(200);
    }

    @Test
    void a_native_metric_batch_of_millions_of_points_is_counted_while_streaming_and_refused() throws Exception {
        String runId = post("/api/v1/runs", "{}").body().get("run_id").asText();

        var answer = send("/api/v1/runs/" + runId + "/metrics", batch("{\"metrics\":[", "{\"key\":\"m\",\"value\":1}",
                2_500_000, "]}"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("message").asText())
                .isEqualTo("a batch may hold at most 100000 points (limit max-points-per-batch), got 2500000");
    }

    @Test
    void json_bodies_of_millions_of_tiny_values_are_refused_at_the_token_limit_in_both_apis() throws Exception {
        var mlflow = send("/api/2.0/mlflow/runs/search", batch("{\"experiment_ids\":[", "{}", 5_000_000, "]}"));
        var nativeRun = send("/api/v1/runs", batch("{\"config\":{\"a\":[", "{}", 5_000_000, "]}}"));
        var ids = send("/api/2.0/mlflow/runs/search", batch("{\"experiment_ids\":[", "\"1\"", 1_000_000, "]}"));

        for (var answer : new Answer[] {mlflow, nativeRun, ids}) {
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body().get("message").asText()).isEqualTo(
                    "the JSON body is too large to parse: Token count (200001) exceeds the maximum allowed (200000)");
        }
    }

    @Test
    void the_heavy_paths_fit_the_heap_uploads_big_batches_zip_downloads_and_million_point_reads() throws Exception {
        String runId = post("/api/v1/runs", "{\"experiment_name\":\"heavy\"}").body().get("run_id").asText();
        // 1,000,000 points in ten batches at the batch limit, one series.
        for (int batch = 0; batch < 10; batch++) {
            var points = new StringBuilder("{\"metrics\":[");
            for (int i = 0; i < 100_000; i++) {
                long step = batch * 100_000L + i;
                if (i > 0) points.append(',');
                points.append("{\"key\":\"loss\",\"value\":").append(1.0 / (step + 1)).append(",\"step\":").append(step).append('}');
            }
            byte[] body = points.append("]}").toString().getBytes(StandardCharsets.UTF_8);
            var logged = send("/api/v1/runs/" + runId + "/metrics", body);
            assertThat(logged.status()).as(logged.body().toString()).isLessThan(300);
        }
        // An MLflow log-batch at its limits: 1,000 items, of which 100 params and 100 tags (values of 7,000 characters).
        var mlflowBatch = new StringBuilder("{\"run_id\":\"" + runId + "\",\"metrics\":[");
        for (int i = 0; i < 800; i++) mlflowBatch.append(i > 0 ? "," : "").append("{\"key\":\"m").append(i % 10)
                .append("\",\"value\":").append(i).append(",\"timestamp\":1700000000000,\"step\":").append(i).append('}');
        mlflowBatch.append("],\"params\":[");
        for (int i = 0; i < 100; i++) mlflowBatch.append(i > 0 ? "," : "").append("{\"key\":\"p").append(i).append("\",\"value\":\"")
                .append("v".repeat(7000)).append("\"}");
        mlflowBatch.append("],\"tags\":[");
        for (int i = 0; i < 100; i++) mlflowBatch.append(i > 0 ? "," : "").append("{\"key\":\"t").append(i).append("\",\"value\":\"")
                .append("w".repeat(7000)).append("\"}");
        var logged = post("/api/2.0/mlflow/runs/log-batch", mlflowBatch.append("]}").toString());
        assertThat(logged.status()).as(logged.body().toString()).isEqualTo(200);

        // A 300 MB upload, streamed from a generator (never in memory on either side), then a zip of the run's files.
        long uploadBytes = 300L * 1024 * 1024;
        var upload = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/runs/" + runId + "/artifacts/model.bin"))
                .timeout(Duration.ofSeconds(300)).header("Content-Type", "application/octet-stream")
                .PUT(BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> new PatternStream(uploadBytes)), uploadBytes)).build(),
                BodyHandlers.ofString());
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        assertThat(streamedBytes("/api/v1/runs/" + runId + "/artifacts.zip")).isGreaterThan(uploadBytes / 2);
        assertThat(streamedBytes("/api/v1/runs/" + runId + "/artifacts/model.bin")).isEqualTo(uploadBytes);

        // Million-point reads: MLflow's whole history in one answer, the bulk interval, envelopes, raw pages, a chart.
        long history = streamedBytes("/api/2.0/mlflow/metrics/get-history?run_id=" + runId + "&metric_key=loss");
        assertThat(history).as("1,000,000 points as MLflow JSON").isGreaterThan(50_000_000L);
        assertThat(streamedBytes("/api/2.0/mlflow/metrics/get-history-bulk-interval?run_ids=" + runId
                + "&metric_key=loss&max_results=2500")).isGreaterThan(100_000L);
        assertThat(streamedBytes("/api/v1/runs/" + runId + "/metrics/loss?buckets=10000")).isGreaterThan(100_000L);
        assertThat(streamedBytes("/api/v1/runs/" + runId + "/metrics/loss?raw=true&max_results=100000")).isGreaterThan(1_000_000L);
        assertThat(streamedBytes("/api/v1/charts/metric.png?run_id=" + runId + "&key=loss&width=4000&height=3000")).isGreaterThan(1000L);
        assertThat(streamedBytes("/api/v1/experiments/" + post("/api/v1/runs/search", "{}").body().at("/runs/0/experiment_id").asText()
                + "/export?table=metrics&format=csv")).isGreaterThan(10_000_000L);
        assertThat(server.log()).doesNotContain("OutOfMemoryError");
    }

    @Test
    void an_mlflow_history_of_millions_of_points_is_streamed_and_one_too_long_to_sort_is_refused() throws Exception {
        String runId = post("/api/v1/runs", "{\"experiment_name\":\"long-history\"}").body().get("run_id").asText();
        // Three million points whose timestamps grow with the steps: streamed in step order, never held.
        logPoints(runId, "loss", 3_000_000, step -> 1_700_000_000_000L + step);
        long history = streamedBytes("/api/2.0/mlflow/metrics/get-history?run_id=" + runId + "&metric_key=loss");
        assertThat(history).as("3,000,000 points as MLflow JSON").isGreaterThan(150_000_000L);

        // Timestamps that go back as steps go forward must be sorted in memory, which has a limit.
        logPoints(runId, "clock", 1_000_001, step -> 1_800_000_000_000L - step);
        var refused = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                + "/api/2.0/mlflow/metrics/get-history?run_id=" + runId + "&metric_key=clock")).timeout(Duration.ofSeconds(300)).build(),
                BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("INVALID_PARAMETER_VALUE", "1000001 points", "at most 1000000");
        assertThat(server.log()).doesNotContain("OutOfMemoryError");
    }

    @Test
    void a_search_page_of_a_thousand_wide_runs_is_streamed_by_both_apis() throws Exception {
        // 1,000 runs with 100 params of 1,000 characters each: ~100 MB of params, more than the heap can hold
        // twice (as runs and as the answer's text). Both searches must write the page while reading it.
        String experimentId = post("/api/v1/experiments", "{\"name\":\"wide-runs\"}").body().get("experiment_id").asText();
        var random = new java.util.Random(7);
        for (int run = 0; run < 1_000; run++) {
            var config = JSON.createObjectNode();
            for (int param = 0; param < 100; param++) {
                var value = new StringBuilder(1_000);
                for (int i = 0; i < 1_000; i++) value.append((char) ('a' + random.nextInt(26)));
                config.put("p" + param, value.toString());
            }
            var created = post("/api/v1/runs", JSON.writeValueAsString(java.util.Map.of("experiment_id", experimentId, "config", config)));
            assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        }
        long mlflow = streamedBytes("POST", "/api/2.0/mlflow/runs/search",
                "{\"experiment_ids\":[\"" + experimentId + "\"],\"max_results\":50000}");
        assertThat(mlflow).as("1,000 runs' params as MLflow JSON").isGreaterThan(100_000_000L);
        long nativeSearch = streamedBytes("POST", "/api/v1/runs/search",
                "{\"experiment_ids\":[\"" + experimentId + "\"],\"max_results\":50000}");
        assertThat(nativeSearch).as("1,000 runs' config and params as native JSON").isGreaterThan(100_000_000L);
        assertThat(server.log()).doesNotContain("OutOfMemoryError");
    }

    /** Logs {@code count} points of {@code key} at steps 0.. in batches at the batch limit. */
    private void logPoints(String runId, String key, long count, java.util.function.LongUnaryOperator timestamp) throws Exception {
        for (long start = 0; start < count; start += 100_000) {
            var points = new StringBuilder("{\"metrics\":[");
            for (long step = start; step < Math.min(count, start + 100_000); step++) {
                if (step > start) points.append(',');
                points.append("{\"key\":\"").append(key).append("\",\"value\":").append(1.0 / (step + 1))
                        .append(",\"step\":").append(step).append(",\"timestamp_ms\":").append(timestamp.applyAsLong(step)).append('}');
            }
            var logged = send("/api/v1/runs/" + runId + "/metrics", points.append("]}").toString().getBytes(StandardCharsets.UTF_8));
            assertThat(logged.status()).as(logged.body().toString()).isLessThan(300);
        }
    }

    /** GETs {@code path} and counts the body's bytes without keeping them; the status must be 200. */
    private long streamedBytes(String path) throws Exception {
        return streamedBytes("GET", path, null);
    }

    /** Sends the request and counts the answer's bytes without keeping them; the status must be 200. */
    private long streamedBytes(String method, String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(300))
                .header("Content-Type", "application/json")
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body)).build();
        var response = http.send(request, BodyHandlers.ofInputStream());
        long count = 0;
        try (var in = response.body()) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) count += n;
        }
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return count;
    }

    /** {@code size} pseudo-random bytes (xorshift, so a zip cannot shrink them), made as they are read. */
    private static final class PatternStream extends java.io.InputStream {
        private long left;
        private long state = 0x9E3779B97F4A7C15L;

        PatternStream(long size) {
            this.left = size;
        }

        private byte next() {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            return (byte) state;
        }

        @Override
        public int read() {
            return left-- > 0 ? next() & 0xff : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (left <= 0) return -1;
            int n = (int) Math.min(length, left);
            for (int i = 0; i < n; i++) buffer[offset + i] = next();
            left -= n;
            return n;
        }
    }

    /** {@code head}, then {@code count} copies of {@code item} separated by commas, then {@code tail}. */
    private static byte[] batch(String head, String item, int count, String tail) {
        var out = new java.io.ByteArrayOutputStream(head.length() + (item.length() + 1) * count + tail.length());
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        byte[] one = item.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < count; i++) {
            if (i > 0) out.write(',');
            out.writeBytes(one);
        }
        out.writeBytes(tail.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Over a raw socket, which reads the answer even when the server refuses before the whole body is sent. */
    private Answer send(String path, byte[] body) throws Exception {
        try (var client = new RawClient(port())) {
            var response = client.send("POST", path, Map.of("Content-Type", "application/json"), body, body.length);
            return new Answer(response.status(), JSON.readTree(response.body()));
        }
    }

    private int port() {
        return URI.create(server.baseUrl()).getPort();
    }

    private Answer post(String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString(body)).build();
        var response = http.send(request, BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }
}
