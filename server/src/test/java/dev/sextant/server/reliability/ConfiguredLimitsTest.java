package dev.sextant.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.support.ServerProcess;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The limits given on the command line are the ones every check uses: what may be logged may also be read and charted. */
class ConfiguredLimitsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void a_key_longer_than_the_default_but_within_max_key_length_is_logged_read_grouped_and_charted(@TempDir Path work)
            throws Exception {
        var key = "k".repeat(300);
        try (var server = ServerProcess.start(work, "256m", Map.of(), "--max-key-length", "500")) {
            var base = server.baseUrl();
            var runId = json(send(base, "POST", "/api/v1/runs", "{\"experiment_name\":\"long keys\"}")).get("run_id").asText();
            var logged = send(base, "POST", "/api/v1/runs/" + runId + "/metrics", MAPPER.writeValueAsString(Map.of("metrics",
                    List.of(Map.of("key", key, "value", 0.5, "step", 0), Map.of("key", key, "value", 1.0, "step", 1)))));
            assertThat(logged.statusCode()).as(logged.body()).isEqualTo(200);

            var encoded = URLEncoder.encode(key, StandardCharsets.UTF_8);
            for (var chart : List.of("/api/v1/charts/metric.png?run_id=" + runId + "&key=" + encoded,
                    "/api/v1/charts/metric.svg?run_id=" + runId + "&key=" + encoded,
                    "/api/v1/charts/metric.png?run_id=" + runId + "&key=" + encoded + "&x=metric:" + encoded)) {
                var response = send(base, "GET", chart, null);
                assertThat(response.statusCode()).as(chart + ": " + response.body()).isEqualTo(200);
            }
            var groups = send(base, "POST", "/api/v1/metrics/groups", MAPPER.writeValueAsString(Map.of("run_ids", List.of(runId),
                    "key", key, "x", "metric:" + key)));
            assertThat(groups.statusCode()).as(groups.body()).isEqualTo(200);

            var tooLong = send(base, "GET", "/api/v1/charts/metric.png?run_id=" + runId + "&key=" + "k".repeat(501), null);
            assertThat(tooLong.statusCode()).isEqualTo(400);
            assertThat(json(tooLong).get("message").asText()).contains("at most 500 characters (limit max-key-length)");
        }
    }

    private HttpResponse<String> send(String base, String method, String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        return http.send(request.build(), BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return MAPPER.readTree(response.body());
    }
}
