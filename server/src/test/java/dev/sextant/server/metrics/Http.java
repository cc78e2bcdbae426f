package dev.sextant.server.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A raw HTTP client for one server: status and body text, optional bearer token. */
record Http(String baseUrl, HttpClient client) {
    Http(int port) {
        this("http://127.0.0.1:" + port, HttpClient.newHttpClient());
    }

    record Response(int status, String body) {}

    Response send(String method, String path, String body, String token) {
        try {
            var builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) builder.header("Content-Type", "application/json");
            if (token != null) builder.header("Authorization", "Bearer " + token);
            var response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response get(String path) {
        return send("GET", path, null, null);
    }

    Response post(String path, String body) {
        return send("POST", path, body, null);
    }

    Scrape scrape(String token) {
        var response = send("GET", "/metrics", null, token);
        if (response.status() != 200) throw new AssertionError("GET /metrics answered " + response.status() + ": " + response.body());
        return Scrape.parse(response.body());
    }
}
