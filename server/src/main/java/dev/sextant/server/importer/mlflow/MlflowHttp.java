package dev.sextant.server.importer.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Calls an MLflow tracking server's REST API. Credentials come from MLflow's own variables: MLFLOW_TRACKING_TOKEN
 * (Bearer) or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (Basic).
 */
final class MlflowHttp {
    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private final String authorization;

    MlflowHttp(String url, Map<String, String> environment) {
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        String token = environment.get("MLFLOW_TRACKING_TOKEN");
        String user = environment.get("MLFLOW_TRACKING_USERNAME");
        String password = environment.get("MLFLOW_TRACKING_PASSWORD");
        if (token != null && !token.isEmpty()) authorization = "Bearer " + token;
        else if (user != null && password != null) {
            authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        } else authorization = null;
    }

    String url() {
        return base.toString();
    }

    JsonNode get(String path, Map<String, String> query) throws IOException {
        return json(request(path, query).GET().build());
    }

    JsonNode post(String path, Object body) throws IOException {
        var request = request(path, Map.of()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body))).build();
        return json(request);
    }

    /** A download: the body stream and its Content-Length (-1 when the server does not say). */
    record Download(InputStream body, long contentLength) {}

    Download download(String path, Map<String, String> query) throws IOException {
        var response = send(request(path, query).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            try (var body = response.body()) {
                throw new IOException("GET " + path + " answered " + response.statusCode() + ": "
                        + new String(body.readNBytes(500), StandardCharsets.UTF_8));
            }
        }
        return new Download(response.body(), response.headers().firstValueAsLong("Content-Length").orElse(-1));
    }

    private JsonNode json(HttpRequest request) throws IOException {
        var response = send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(request.method() + " " + request.uri().getPath() + " answered " + response.statusCode() + ": "
                    + new String(response.body(), 0, Math.min(500, response.body().length), StandardCharsets.UTF_8));
        }
        return mapper.readTree(response.body());
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return client.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private HttpRequest.Builder request(String path, Map<String, String> query) {
        String queryString = query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var builder = HttpRequest.newBuilder(base.resolve(path + (queryString.isEmpty() ? "" : "?" + queryString)))
                .timeout(Duration.ofMinutes(5));
        if (authorization != null) builder.header("Authorization", authorization);
        return builder;
    }
}
