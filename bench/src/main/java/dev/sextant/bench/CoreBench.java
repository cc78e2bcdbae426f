package dev.sextant.bench;

import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Issue 2's numbers: (a) raw JDBC batch inserts into an SQLite file, (b) ingest through the HTTP API
 * with batched requests from concurrent clients, and their ratio; (c) envelope latency of 1M-point
 * series at ~1,000 buckets, dense and sparse steps, written in order and shuffled.
 */
public final class CoreBench {
    private static final int POINTS = 1_000_000;
    private static final int BATCH = 10_000;
    private static final int CLIENTS = Integer.getInteger("bench.clients", 4);
    private static final int TRIALS = 3;

    public static void main(String[] args) throws Exception {
        var work = Files.createTempDirectory("sextant-bench");
        System.out.printf("Sextant core benchmark: %,d points, batches of %,d, %d HTTP clients, median of %d trials%n",
                POINTS, BATCH, CLIENTS, TRIALS);

        if (args.length > 0 && args[0].equals("http")) { // profiling aid: only the HTTP ingest
            httpIngest(work.resolve("warmup"), POINTS);
            System.out.printf("(b) HTTP API ingest: %,10.0f points/s%n", httpIngest(work.resolve("only"), POINTS));
            return;
        }
        if (args.length > 0 && args[0].equals("envelopes")) { // profiling aid: only the envelope reads
            envelopes(work.resolve("envelopes"));
            return;
        }
        // Each side gets a full-size warm-up trial, so the JIT compiler is done before the clock runs:
        // with a short one it was still compiling the server's write path (a second of CPU) during trial 1.
        RawJdbcInsert.rowsPerSecond(work, POINTS, BATCH);
        double[] raw = new double[TRIALS];
        for (int i = 0; i < TRIALS; i++) raw[i] = RawJdbcInsert.rowsPerSecond(work, POINTS, BATCH);
        double rawMedian = new Stats(raw).median();
        System.out.printf("(a) raw JDBC batch insert:      %,10.0f rows/s%n", rawMedian);

        httpIngest(work.resolve("warmup"), POINTS);
        double[] http = new double[TRIALS];
        for (int i = 0; i < TRIALS; i++) http[i] = httpIngest(work.resolve("trial" + i), POINTS);
        double httpMedian = new Stats(http).median();
        System.out.printf("(b) HTTP API ingest:            %,10.0f points/s%n", httpMedian);
        System.out.printf("    ratio HTTP / raw JDBC:      %10.1f %% (target >= 60 %%)%n", 100 * httpMedian / rawMedian);

        envelopes(work.resolve("envelopes"));
    }

    /** Points per second through POST /api/v1/runs/{id}/metrics, bodies prepared before the clock starts. */
    private static double httpIngest(Path dataDir, int points) throws Exception {
        try (var server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dataDir))) {
            var client = new BenchClient(server.port());
            var bodies = new ArrayList<Upload>();
            for (int c = 0; c < CLIENTS; c++) {
                var runId = client.createRun("ingest");
                int perClient = points / CLIENTS;
                for (int start = 0; start < perClient; start += BATCH) {
                    bodies.add(new Upload(client.metricsUrl(runId),
                            denseBody(start, Math.min(BATCH, perClient - start)).getBytes(StandardCharsets.UTF_8)));
                }
            }
            Collections.shuffle(bodies, new Random(1));
            long begin = System.nanoTime();
            BenchClient.postAll(bodies, CLIENTS);
            return points / ((System.nanoTime() - begin) / 1e9);
        }
    }

    /** Two keys per step, like a loss and an accuracy logged together. */
    private static String denseBody(int firstStep, int count) {
        var json = new StringBuilder(count * 80).append("{\"metrics\":[");
        for (int i = 0; i < count; i++) {
            int step = firstStep + i / 2;
            if (i > 0) json.append(',');
            json.append("{\"key\":\"").append(i % 2 == 0 ? "train/loss" : "train/acc")
                    .append("\",\"value\":").append(Math.sin(firstStep + i) * 3)
                    .append(",\"step\":").append(step)
                    .append(",\"timestamp_ms\":").append(1_700_000_000_000L + step).append('}');
        }
        return json.append("]}").toString();
    }

    private static void envelopes(Path dataDir) throws Exception {
        try (var server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dataDir))) {
            var client = new BenchClient(server.port());
            System.out.println("(c) envelope of a 1,000,000-point series at 1,000 buckets, 200 requests each:");
            for (var shape : List.of("dense in order", "dense shuffled", "sparse in order", "sparse shuffled")) {
                var runId = client.createRun("envelopes");
                long stride = shape.startsWith("sparse") ? 1000 : 1;
                var steps = new ArrayList<Long>(POINTS);
                for (long i = 0; i < POINTS; i++) steps.add(i * stride);
                if (shape.endsWith("shuffled")) Collections.shuffle(steps, new Random(2));
                long begin = System.nanoTime();
                for (int start = 0; start < POINTS; start += BATCH) {
                    var json = new StringBuilder(BATCH * 70).append("{\"metrics\":[");
                    for (int i = start; i < start + BATCH; i++) {
                        long step = steps.get(i);
                        if (i > start) json.append(',');
                        json.append("{\"key\":\"loss\",\"value\":").append(Math.cos(step * 0.001))
                                .append(",\"step\":").append(step).append(",\"timestamp_ms\":").append(step).append('}');
                    }
                    client.send(client.metricsRequest(runId, json.append("]}").toString()));
                }
                double ingest = POINTS / ((System.nanoTime() - begin) / 1e9);
                var url = "/api/v1/runs/" + runId + "/metrics/loss?buckets=1000";
                for (int i = 0; i < 50; i++) client.get(url);
                double[] ms = new double[200];
                int buckets = 0;
                for (int i = 0; i < ms.length; i++) {
                    long t = System.nanoTime();
                    var body = client.get(url);
                    ms[i] = (System.nanoTime() - t) / 1e6;
                    buckets = body.split("\"start_step\"", -1).length - 1;
                }
                var stats = new Stats(ms);
                System.out.printf("    %-16s ingest %,9.0f points/s (1 client) | envelope p50 %6.2f ms  p95 %6.2f ms  (%d buckets)%n",
                        shape, ingest, stats.median(), stats.percentile(95), buckets);
            }
        }
    }

    /** One prepared metric batch and where it goes. */
    private record Upload(URL url, byte[] body) {}

    /** Plain JDK HTTP calls; failures stop the benchmark loudly. */
    private static final class BenchClient {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final String base;

        BenchClient(int port) {
            base = "http://127.0.0.1:" + port;
        }

        String createRun(String experiment) throws Exception {
            var body = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/runs"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"experiment_name\":\"" + experiment + "\"}")).build());
            int at = body.indexOf("\"run_id\":\"") + 10;
            return body.substring(at, at + 32);
        }

        HttpRequest metricsRequest(String runId, String json) {
            return HttpRequest.newBuilder(URI.create(base + "/api/v1/runs/" + runId + "/metrics"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.getBytes(StandardCharsets.UTF_8))).build();
        }

        String get(String path) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
        }

        String send(HttpRequest request) throws Exception {
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        }

        URL metricsUrl(String runId) throws Exception {
            return URI.create(base + "/api/v1/runs/" + runId + "/metrics").toURL();
        }

        /**
         * The ingest clients: the JDK's plain blocking HTTP client (keep-alive, fixed-length bodies), which
         * costs far less CPU per request than java.net.http on these 2 shared cores.
         */
        static void postAll(List<Upload> uploads, int clients) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                var futures = new ArrayList<Future<Integer>>();
                for (var upload : uploads) futures.add(pool.submit(() -> post(upload)));
                for (var future : futures) {
                    if (future.get() != 200) throw new IllegalStateException("a metric batch answered " + future.get());
                }
            } finally {
                pool.shutdown();
            }
        }

        private static int post(Upload upload) throws Exception {
            var connection = (HttpURLConnection) upload.url().openConnection();
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(upload.body().length);
            connection.setRequestProperty("Content-Type", "application/json");
            try (var out = connection.getOutputStream()) {
                out.write(upload.body());
            }
            int status = connection.getResponseCode();
            try (var in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                in.readAllBytes(); // drain, so the connection goes back to the keep-alive pool
            }
            return status;
        }
    }
}
