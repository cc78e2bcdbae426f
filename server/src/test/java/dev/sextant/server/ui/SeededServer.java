package dev.sextant.server.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

/** The real server on a free port with a temp data folder, and a small JSON-over-HTTP client to seed it. */
final class SeededServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Server server;
    private final HttpClient http = HttpClient.newHttpClient();
    final String baseUrl;

    SeededServer(Path dataDir) {
        server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dataDir));
        baseUrl = "http://127.0.0.1:" + server.port();
    }

    record Response(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(body, e);
            }
        }
    }

    Response send(String method, String path, Object body) {
        try {
            var builder = HttpRequest.newBuilder(URI.create(baseUrl + path));
            if (body instanceof byte[] bytes) {
                builder.method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
            } else if (body != null) {
                builder.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } else {
                builder.method(method, HttpRequest.BodyPublishers.noBody());
            }
            var response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode ok(String method, String path, Object body) {
        var response = send(method, path, body);
        if (response.status() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " -> " + response.status() + " " + response.body());
        }
        return response.body().isEmpty() ? JSON.nullNode() : response.json();
    }

    String createExperiment(String name) {
        return ok("POST", "/api/v1/experiments", Map.of("name", name)).get("experiment_id").asText();
    }

    String createRun(String experimentId, String name, long startTimeMs, Map<String, ?> config, Map<String, String> tags) {
        var body = JSON.createObjectNode();
        body.put("experiment_id", experimentId);
        body.put("name", name);
        body.put("user", "ada");
        body.put("start_time_ms", startTimeMs);
        body.set("config", JSON.valueToTree(config));
        body.set("tags", JSON.valueToTree(tags));
        return ok("POST", "/api/v1/runs", body).get("run_id").asText();
    }

    /** Logs steps [fromStep, toStep) of key with value f(step), one point per second of wall time. */
    void logSeries(String runId, String key, long fromStep, long toStep, long startTimeMs, java.util.function.LongToDoubleFunction value) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode points = body.putArray("metrics");
        for (long step = fromStep; step < toStep; step++) {
            points.addObject().put("key", key).put("value", value.applyAsDouble(step)).put("step", step)
                    .put("timestamp_ms", startTimeMs + step * 1000);
            if (points.size() == 50_000) {
                ok("POST", "/api/v1/runs/" + runId + "/metrics", body);
                points.removeAll();
            }
        }
        if (!points.isEmpty()) ok("POST", "/api/v1/runs/" + runId + "/metrics", body);
    }

    /** One point of {@link #log}: a metric value at a step, logged at a wall-clock time. */
    record Point(String key, long step, double value, long timestampMs) {}

    /** Logs points of any keys in batches of up to 50,000. NaN and infinities go as the API's strings. */
    void log(String runId, java.util.List<Point> points) {
        for (int from = 0; from < points.size(); from += 50_000) {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode array = body.putArray("metrics");
            for (var point : points.subList(from, Math.min(points.size(), from + 50_000))) {
                var node = array.addObject().put("key", point.key()).put("step", point.step()).put("timestamp_ms", point.timestampMs());
                if (Double.isFinite(point.value())) node.put("value", point.value());
                else node.put("value", Double.isNaN(point.value()) ? "NaN" : point.value() > 0 ? "Infinity" : "-Infinity");
            }
            ok("POST", "/api/v1/runs/" + runId + "/metrics", body);
        }
    }

    void finish(String runId, long endTimeMs) {
        ok("PATCH", "/api/v1/runs/" + runId, Map.of("status", "FINISHED", "end_time_ms", endTimeMs));
    }

    @Override
    public void close() {
        server.close();
    }
}
