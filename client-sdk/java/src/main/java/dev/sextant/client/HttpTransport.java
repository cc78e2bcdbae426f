package dev.sextant.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The only class that talks HTTP: the native API's write routes plus the two reads the SDK needs.
 * Every failure is either {@link ServerUnavailableException} (network, 5xx, 408, 429: try again later)
 * or {@link ServerRejectedException} (any other 4xx: the request itself is wrong). Thread-safe.
 */
final class HttpTransport {
    private final URI base;
    private final String token;
    private final ObjectMapper mapper;
    private final HttpClient client;
    private final Duration requestTimeout;

    HttpTransport(String baseUrl, String token, ObjectMapper mapper, Duration requestTimeout) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        this.token = token == null || token.isBlank() ? null : token;
        this.mapper = mapper;
        this.requestTimeout = requestTimeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    String baseUrl() {
        return base.toString();
    }

    /** Sends one spooled or live event to its route. */
    void send(SpoolEvent event) throws ServerUnavailableException {
        String run = "/api/v1/runs/" + event.runId();
        switch (event.op()) {
            case CREATE_RUN -> call("POST", "/api/v1/runs", json(event.body()));
            case LOG_CONFIG -> call("POST", run + "/config", json(event.body()));
            case SET_TAGS -> call("PUT", run + "/tags", json(event.body()));
            case LOG_INPUT -> call("POST", run + "/inputs", json(event.body()));
            case LOG_METRICS -> call("POST", run + "/metrics", json(event.body()));
            case UPDATE_RUN -> call("PATCH", run, json(event.body()));
            case LOG_ARTIFACT -> call("PUT", run + "/artifacts/" + encodePath(event.artifactPath()), file(event.file()));
        }
    }

    JsonNode createRun(byte[] body) throws ServerUnavailableException {
        return call("POST", "/api/v1/runs", json(body));
    }

    JsonNode getRun(String runId) throws ServerUnavailableException {
        return call("GET", "/api/v1/runs/" + runId, HttpRequest.BodyPublishers.noBody());
    }

    JsonNode updateRun(String runId, byte[] body) throws ServerUnavailableException {
        return call("PATCH", "/api/v1/runs/" + runId, json(body));
    }

    JsonNode createSweep(byte[] body) throws ServerUnavailableException {
        return call("POST", "/api/v1/sweeps", json(body));
    }

    /** The sweep's next trial; an empty object when it has none (204). A paused sweep is a 409 rejection. */
    JsonNode nextTrial(String sweepId) throws ServerUnavailableException {
        return call("POST", "/api/v1/sweeps/" + sweepId + "/next", HttpRequest.BodyPublishers.noBody());
    }

    /** A trial's heartbeat; the answer holds should_stop and reason. */
    JsonNode heartbeat(String sweepId, String runId) throws ServerUnavailableException {
        return call("POST", "/api/v1/sweeps/" + sweepId + "/trials/" + runId + "/heartbeat", HttpRequest.BodyPublishers.noBody());
    }

    boolean isHealthy() {
        try {
            call("GET", "/health", HttpRequest.BodyPublishers.noBody());
            return true;
        } catch (ServerUnavailableException | ServerRejectedException e) {
            return false;
        }
    }

    private JsonNode call(String method, String path, Body body) throws ServerUnavailableException {
        var request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(requestTimeout)
                .method(method, body.publisher())
                .header("Accept", "application/json");
        if (body.contentType() != null) request.header("Content-Type", body.contentType());
        if (token != null) request.header("Authorization", "Bearer " + token);
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ServerUnavailableException(method + " " + base.resolve(path) + " failed: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnavailableException(method + " " + path + " was interrupted", e);
        }
        return answer(method, path, response);
    }

    private JsonNode call(String method, String path, HttpRequest.BodyPublisher publisher) throws ServerUnavailableException {
        return call(method, path, new Body(publisher, null));
    }

    private JsonNode answer(String method, String path, HttpResponse<byte[]> response) throws ServerUnavailableException {
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        if (status < 300) return body;
        String code = body.path("error_code").asText("HTTP_" + status);
        String message = body.path("message").asText(new String(response.body(), StandardCharsets.UTF_8));
        if (status >= 500 || status == 408 || status == 429) {
            throw new ServerUnavailableException(method + " " + path + " answered " + status + " " + code + ": " + message, null);
        }
        throw new ServerRejectedException(status, code, message + " (" + method + " " + path + ")");
    }

    private JsonNode parse(byte[] bytes) {
        if (bytes.length == 0) return mapper.createObjectNode();
        try {
            return mapper.readTree(bytes);
        } catch (IOException e) {
            return mapper.createObjectNode();
        }
    }

    private static Body json(byte[] body) {
        return new Body(HttpRequest.BodyPublishers.ofByteArray(body), "application/json");
    }

    private static Body file(Path file) {
        try {
            if (!Files.isRegularFile(file)) throw new FileNotFoundException(file.toString());
            return new Body(HttpRequest.BodyPublishers.ofFile(file), "application/octet-stream");
        } catch (FileNotFoundException e) {
            throw new ServerRejectedException(0, "FILE_NOT_FOUND", "artifact file " + file + " does not exist");
        }
    }

    /** Percent-encodes each segment of a relative artifact path, keeping the slashes. */
    static String encodePath(String path) {
        var out = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (out.length() > 0) out.append('/');
            out.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.toString();
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }

    private record Body(HttpRequest.BodyPublisher publisher, String contentType) {}
}
