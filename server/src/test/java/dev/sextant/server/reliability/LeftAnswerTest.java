package dev.sextant.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.support.ServerProcess;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A browser that leaves a page while its large, compressed answer is being written (the runs table of a big
 * experiment) is a client going away, not a server fault: the server's log gets no ERROR for it, and it goes on
 * answering. Javalin used to log "Deflater has been closed" with a stack trace for every such page, because the
 * compressed stream was closed twice after the failed write (see {@code http/ResponseOutput}).
 */
class LeftAnswerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RUNS = 120;
    private static final int PARAMS = 50;
    private static final int LEAVES = 3;

    @Test
    void a_client_that_leaves_a_large_compressed_answer_leaves_no_error_in_the_log(@TempDir Path work) throws Exception {
        try (var server = ServerProcess.start(work)) {
            var http = HttpClient.newHttpClient();
            seed(http, server.baseUrl());

            var body = "{\"experiment_ids\":[\"0\"],\"max_results\":1000}".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < LEAVES; i++) leaveMidAnswer(server.port(), body);

            // Every left answer shows in the access log once the server has given up on it.
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (countOf(server.log(), "POST /api/v1/runs/search") < LEAVES && System.nanoTime() < deadline) Thread.sleep(100);
            var log = server.log();
            assertThat(countOf(log, "POST /api/v1/runs/search")).isEqualTo(LEAVES);
            assertThat(log).doesNotContain("Deflater has been closed").doesNotContain(" ERROR ");
            var health = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }
    }

    /** Runs whose params of random text make an answer of megabytes, still large after gzip. */
    private static void seed(HttpClient http, String url) throws Exception {
        var random = new Random(7);
        for (int r = 0; r < RUNS; r++) {
            var created = post(http, url + "/api/2.0/mlflow/runs/create", Map.of("experiment_id", "0", "run_name", "left-" + r));
            var runId = JSON.readTree(created).path("run").path("info").path("run_id").asText();
            var params = new ArrayList<Map<String, String>>();
            for (int p = 0; p < PARAMS; p++) {
                var value = new StringBuilder(500);
                for (int c = 0; c < 500; c++) value.append((char) ('!' + random.nextInt(90)));
                params.add(Map.of("key", "p" + p, "value", value.toString()));
            }
            var batch = new HashMap<String, Object>();
            batch.put("run_id", runId);
            batch.put("params", params);
            post(http, url + "/api/2.0/mlflow/runs/log-batch", batch);
        }
    }

    private static String post(HttpClient http, String url, Object body) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    /** Asks for the search with gzip, reads its head and a little of the body, then resets the connection. */
    private static void leaveMidAnswer(int port, byte[] body) throws Exception {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            socket.setReceiveBufferSize(4096);
            var head = "POST /api/v1/runs/search HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                    + "Accept-Encoding: gzip\r\nContent-Length: " + body.length + "\r\n\r\n";
            var out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            var answer = readSome(socket.getInputStream(), 8192);
            assertThat(answer).startsWith("HTTP/1.1 200").containsIgnoringCase("Content-Encoding: gzip");
            socket.setSoLinger(true, 0); // a reset, as a browser's abandoned connection often is
        }
    }

    private static String readSome(InputStream in, int bytes) throws Exception {
        var buffer = new byte[bytes];
        int read = 0;
        for (int n; read < bytes && (n = in.read(buffer, read, bytes - read)) > 0; ) read += n;
        return new String(buffer, 0, read, StandardCharsets.ISO_8859_1);
    }

    private static int countOf(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) count++;
        return count;
    }
}
