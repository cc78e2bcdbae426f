package dev.sextant.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.LongToDoubleFunction;

/** A tiny client for chart tests: creates runs and logs points through the real API. */
final class ChartApiClient {
    static final int BATCH = 100_000;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final String base;

    ChartApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    String base() {
        return base;
    }

    String createRun(String name) throws IOException, InterruptedException {
        var response = send("POST", "/api/v1/runs", json.writeValueAsString(Map.of("name", name)));
        return json.readTree(response.body()).get("run_id").asText();
    }

    void finish(String runId) throws IOException, InterruptedException {
        send("PATCH", "/api/v1/runs/" + runId, "{\"status\":\"FINISHED\"}");
    }

    /** Logs steps 0..count-1 with value(step), timestamps one second apart, in batches of 100k. */
    void log(String runId, String key, long count, LongToDoubleFunction value) throws IOException, InterruptedException {
        for (long start = 0; start < count; start += BATCH) {
            var body = new StringBuilder("{\"metrics\":[");
            for (long step = start; step < Math.min(count, start + BATCH); step++) {
                if (step > start) body.append(',');
                body.append("{\"key\":\"").append(key).append("\",\"value\":").append(value.applyAsDouble(step))
                        .append(",\"step\":").append(step).append(",\"timestamp_ms\":").append(1_700_000_000_000L + step * 1000)
                        .append('}');
            }
            var response = send("POST", "/api/v1/runs/" + runId + "/metrics", body.append("]}").toString());
            if (response.statusCode() != 200) throw new IllegalStateException(new String(response.body()));
        }
    }

    HttpResponse<byte[]> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET();
        if (headers.length > 0) request.headers(headers);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    JsonNode json(HttpResponse<byte[]> response) throws IOException {
        return json.readTree(new ByteArrayInputStream(response.body()));
    }

    private HttpResponse<byte[]> send(String method, String path, String body) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
}
