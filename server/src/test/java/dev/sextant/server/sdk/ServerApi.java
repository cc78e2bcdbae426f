package dev.sextant.server.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What the tests read back from the server, over plain HTTP and independently of the SDK. */
final class ServerApi {
    /** One stored point. */
    record Point(long step, long timestampMs, double value) {}

    private final String url;
    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();

    ServerApi(String url) {
        this.url = url;
    }

    JsonNode run(String runId) throws Exception {
        return get("/api/v1/runs/" + runId);
    }

    /** Every raw point of a series, page by page. */
    List<Point> points(String runId, String key) throws Exception {
        var points = new ArrayList<Point>();
        String token = null;
        do {
            String path = "/api/v1/runs/" + runId + "/metrics/" + key + "?raw=true&max_results=100000"
                    + (token == null ? "" : "&page_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
            JsonNode page = get(path);
            for (JsonNode point : page.get("points")) {
                points.add(new Point(point.get("step").asLong(), point.get("timestamp_ms").asLong(), value(point.get("value"))));
            }
            token = page.hasNonNull("next_page_token") ? page.get("next_page_token").asText() : null;
        } while (token != null);
        return points;
    }

    /** Status and body of a request, for probing routes that may not exist yet. */
    HttpResponse<String> send(String method, String path, byte[] body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String text) throws Exception {
        return mapper.readTree(text);
    }

    private JsonNode get(String path) throws Exception {
        var response = send("GET", path, null);
        if (response.statusCode() != 200) throw new IllegalStateException("GET " + path + " -> " + response.statusCode() + " " + response.body());
        return mapper.readTree(response.body());
    }

    private static double value(JsonNode node) {
        return node.isNumber() ? node.asDouble() : Double.parseDouble(node.asText());
    }
}
