package dev.sextant.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** The real server with auth on (a tokens file holding read, write and admin tokens) and a raw HTTP client. */
final class AuthServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final Server server;
    final Path tokensFile;
    final Path dataDir;
    final String baseUrl;
    final String readToken;
    final String writeToken;
    final String adminToken;
    private final HttpClient http = HttpClient.newHttpClient();

    AuthServer(Path dir) {
        dataDir = dir.resolve("data");
        tokensFile = dir.resolve("tokens");
        readToken = add("reader", Scope.READ);
        writeToken = add("writer", Scope.WRITE);
        adminToken = add("admin", Scope.ADMIN);
        server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dataDir), tokensFile);
        baseUrl = "http://127.0.0.1:" + server.port();
    }

    String add(String name, Scope scope) {
        var token = TokenHash.newToken();
        TokenFile.add(tokensFile, new TokenEntry(name, scope, TokenHash.of(token)));
        return token;
    }

    record Response(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(body, e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    Response send(String method, String path, String jsonBody, Map<String, String> headers) {
        try {
            var builder = HttpRequest.newBuilder(URI.create(baseUrl + path));
            headers.forEach(builder::header);
            if (jsonBody != null) {
                if (!headers.containsKey("Content-Type")) builder.header("Content-Type", "application/json");
                builder.method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
            } else {
                builder.method(method, HttpRequest.BodyPublishers.noBody());
            }
            var response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response get(String path, Map<String, String> headers) {
        return send("GET", path, null, headers);
    }

    /** Creates an experiment and a run with a metric and an artifact; returns {experimentId, runId}. */
    String[] seed(String name) {
        var auth = bearer(writeToken);
        var experimentId = send("POST", "/api/v1/experiments", "{\"name\":\"" + name + "\"}", auth).json().get("experiment_id").asText();
        var runId = send("POST", "/api/v1/runs", "{\"experiment_id\":\"" + experimentId + "\"}", auth).json().get("run_id").asText();
        send("POST", "/api/v1/runs/" + runId + "/metrics", "{\"metrics\":[{\"key\":\"loss\",\"value\":1.0,\"step\":0}]}", auth);
        send("PUT", "/api/v1/runs/" + runId + "/artifacts/page.html", "<script>alert(1)</script>",
                java.util.Map.of("Authorization", "Bearer " + writeToken, "Content-Type", "text/html"));
        return new String[] {experimentId, runId};
    }

    @Override
    public void close() {
        server.close();
    }
}
