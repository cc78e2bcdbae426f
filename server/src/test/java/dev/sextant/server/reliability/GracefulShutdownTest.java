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
import java.time.Duration;
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
            try (var socket = new Socket("127.0.0.1", port); var idle = new Socket("127.0.0.1", port)) {
                idle.setSoTimeout(30_000);
                assertThat(exchange(idle, "/health")).as("a keep-alive connection opened before the stop").startsWith("HTTP/1.1 200");
                socket.setSoTimeout(30_000);
                var out = socket.getOutputStream();
                var in = socket.getInputStream();
                // Expect: 100-continue makes the server say when the handler starts reading the body; a gauge read
                // over HTTP could still count an earlier request whose answer had left but whose filter had not.
                out.write(("POST /api/v1/runs/" + runId + "/metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Expect: 100-continue\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                assertThat(readHead(in)).as("the handler is reading the body").startsWith("HTTP/1.1 100");
                out.write(body, 0, body.length / 2);
                out.flush();

                var exit = CompletableFuture.supplyAsync(() -> {
                    try {
                        return server.terminate();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                // The stop begins when the server's shutdown hook gets round to it, which a loaded machine can delay past
                // any fixed wait (the request was then simply served 200): ask on the open connection until the answer
                // is no longer the ordinary one, then check it is the draining refusal.
                var refused = exchange(idle, "/health");
                long draining = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (refused.startsWith("HTTP/1.1 200") && System.nanoTime() < draining) {
                    Thread.sleep(20); // the poll's pace
                    refused = exchange(idle, "/health");
                }
                Thread.sleep(1_000); // a second in which a server that did not wait for the request would have exited
                assertThat(exit).as("the server waits for the request in flight").isNotDone();
                assertThat(refused).as("a new request on an open connection while draining").startsWith("HTTP/1.1 503")
                        .contains("Retry-After: 1").contains("\"error_code\":\"TEMPORARILY_UNAVAILABLE\"");
                out.write(body, body.length / 2, body.length - body.length / 2);
                out.flush();
                var response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                int code = exit.get(60, TimeUnit.SECONDS);
                assertThat(response).as(() -> "the answer; the server (exit " + code + ") logged:\n" + log(server)).startsWith("HTTP/1.1 200");
                assertThat(response).contains("\"points_written\":2000");
                System.out.println("server exited with " + code + " after the in-flight request completed");
            }
            server.startAgain();
            var series = MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/runs/" + runId
                    + "/metrics/loss?raw=true&max_results=10000")).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(series.get("points")).hasSize(2_000);
        }
    }

    private static String log(ServerProcess server) {
        try {
            return server.log();
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** One GET on an open connection: the answer's head and its Content-Length body. */
    private static String exchange(Socket socket, String path) throws java.io.IOException {
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        var in = socket.getInputStream();
        var head = readHead(in);
        int length = head.lines().filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:"))
                .mapToInt(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).trim())).findFirst().orElse(0);
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /** One response head (status line and headers, up to the blank line), read byte by byte so no body is consumed. */
    private static String readHead(java.io.InputStream in) throws java.io.IOException {
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) break;
            head.append((char) b);
        }
        return head.toString();
    }
}
