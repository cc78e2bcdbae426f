package dev.sextant.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.support.ServerProcess;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM while a request is half-sent: the server waits for it, answers 2xx, and the data is there after a restart. */
class GracefulShutdownTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Timeout(120)
    void a_request_in_flight_at_sigterm_completes_and_is_durable(@TempDir Path data) throws Exception {
        try (var server = ServerProcess.start(data)) {
            var runId = MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/runs"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"experiment_name\":\"graceful\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get("run_id").asText();
            var points = new StringBuilder();
            for (int step = 0; step < 2_000; step++) {
                if (step > 0) points.append(',');
                points.append("{\"key\":\"loss\",\"value\":").append(step * 0.5).append(",\"step\":").append(step).append('}');
            }
            byte[] body = ("{\"metrics\":[" + points + "]}").getBytes(StandardCharsets.UTF_8);
            int port = URI.create(server.baseUrl()).getPort();
            try (var socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(30_000);
                var out = socket.getOutputStream();
                out.write(("POST /api/v1/runs/" + runId + "/metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body, 0, body.length / 2);
                out.flush();
                awaitInFlight(server.baseUrl()); // the server has the request and is reading its body

                var exit = CompletableFuture.supplyAsync(() -> {
                    try {
                        return server.terminate();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(1_000);
                assertThat(exit).as("the server waits for the request in flight").isNotDone();
                out.write(body, body.length / 2, body.length - body.length / 2);
                out.flush();
                var response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(response).startsWith("HTTP/1.1 200");
                assertThat(response).contains("\"points_written\":2000");
                int code = exit.get(60, TimeUnit.SECONDS);
                System.out.println("server exited with " + code + " after the in-flight request completed");
            }
            server.startAgain();
            var series = MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/runs/" + runId
                    + "/metrics/loss?raw=true&max_results=10000")).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(series.get("points")).hasSize(2_000);
        }
    }

    /** Until the server counts the half-sent request as being handled (its gauge counts this scrape too). */
    private void awaitInFlight(String baseUrl) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String metrics = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double active = metrics.lines().filter(line -> line.startsWith("sextant_http_requests_active "))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst().orElse(0);
            if (active >= 2) return;
            assertThat(System.nanoTime()).as("the half-sent request reached a handler within 30 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
