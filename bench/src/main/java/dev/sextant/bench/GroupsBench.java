package dev.sextant.bench;

import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.domain.RunStatus;
import dev.sextant.server.store.NewRun;
import dev.sextant.server.store.StoreFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * POST /api/v1/metrics/groups over RUNS runs × POINTS points of val/loss (dense steps, 4 learning rates = 4
 * groups), 1,000 buckets, through the real server on SQLite: p50/p95 of 21 requests after 5 warm-ups, for
 * x = step and x = metric:epoch (epoch logged every 1,000 steps), and with a fourth argument {@code time} one
 * request with x = relative_time (which reads every raw point: minutes). The data folder is kept and reused
 * (seeding 100 M points takes about 9 minutes).
 *
 * <pre>bench/run groups [DATA_DIR] [RUNS] [POINTS] [time]</pre>
 */
public final class GroupsBench {
    private static final String[] LRS = {"0.0001", "0.0003", "0.001", "0.003"};

    public static void main(String[] args) throws Exception {
        var dir = Path.of(args.length > 0 ? args[0] : "bench/target/groups-data");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int points = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        var marker = dir.resolve("seeded-" + runs + "x" + points);
        if (!Files.exists(marker)) {
            seed(dir, runs, points);
            Files.writeString(marker, "ok");
        }
        try (var server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dir))) {
            var http = HttpClient.newHttpClient();
            var base = "http://127.0.0.1:" + server.port();
            var experiment = get(http, base + "/api/v1/experiments/by-name?name=groups-bench");
            var experimentId = experiment.replaceAll("(?s).*\"experiment_id\"\\s*:\\s*\"([0-9]+)\".*", "$1");
            System.out.printf("groups over %d runs x %,d points, 1,000 buckets, group_by params.lr (%d groups), SQLite, HTTP%n",
                    runs, points, LRS.length);
            for (var x : List.of("step", "metric:epoch")) measure(http, base, experimentId, x, 5, 21);
            if (args.length > 3 && args[3].equals("time")) measure(http, base, experimentId, "relative_time", 0, 1);
        }
    }

    /**
     * Cold: every request has another {@code from} (0, 1, 2 …), so no run's bucket means are cached (the server keeps
     * them per run, grid and series state); warm: the same request again, as a page reload or a band change sends it.
     */
    private static void measure(HttpClient http, String base, String experimentId, String x, int warmUps, int trials) throws Exception {
        for (int i = 0; i < warmUps; i++) post(http, base + "/api/v1/metrics/groups", body(experimentId, x, 1000 + i));
        for (var cold : new boolean[] {true, false}) {
            var ms = new double[trials];
            int size = 0;
            for (int i = 0; i < trials; i++) {
                long start = System.nanoTime();
                size = post(http, base + "/api/v1/metrics/groups", body(experimentId, x, cold ? i : 0)).length();
                ms[i] = (System.nanoTime() - start) / 1e6;
            }
            var stats = new Stats(ms);
            System.out.printf("x=%-14s %s p50 %8.1f ms  p95 %8.1f ms  (%d requests, %,d bytes each)%n", x, cold ? "cold" : "warm",
                    stats.median(), stats.percentile(95), trials, size);
        }
    }

    private static String body(String experimentId, String x, int from) {
        return "{\"experiment_ids\":[\"" + experimentId + "\"],\"group_by\":[\"params.lr\"],\"key\":\"val/loss\",\"x\":\""
                + x + "\",\"buckets\":1000,\"from\":" + from + "}";
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String post(HttpClient http, String url, String body) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) throw new IllegalStateException(response.body());
        return response.body();
    }

    /** Through the store's own write path (no HTTP: seeding is not what is measured). */
    private static void seed(Path dir, int runs, int points) throws Exception {
        Files.createDirectories(dir);
        long started = System.nanoTime();
        var stores = StoreFactory.openStores(dir.resolve("sextant.db").toString());
        try (var store = stores.tracking()) {
            var experimentId = store.createExperiment("groups-bench", "", Map.of(), 1_780_000_000_000L).experimentId();
            for (int r = 0; r < runs; r++) {
                var runId = String.format("%032x", 0x6a0000 + r);
                long start = 1_780_000_000_000L + r * 3_600_000L;
                store.createRun(new NewRun(runId, experimentId, "run-" + r, RunStatus.RUNNING, start, "", null, "", Map.of(), Map.of()));
                double lr = Double.parseDouble(LRS[r % LRS.length]);
                var random = new java.util.Random(r);
                for (int from = 0; from < points; from += 100_000) {
                    var batch = new ArrayList<MetricPoint>(101_000);
                    for (int step = from; step < Math.min(points, from + 100_000); step++) {
                        double loss = 2.5 / (1 + step * lr * 0.01) + 0.05 * random.nextGaussian();
                        batch.add(new MetricPoint("val/loss", loss, start + step * 10L, step));
                        if (step % 1000 == 0) batch.add(new MetricPoint("epoch", step / 1000, start + step * 10L, step));
                    }
                    store.logBatch(runId, batch, from == 0 ? Map.of("lr", LRS[r % LRS.length]) : Map.of(), Map.of());
                }
                if (r % 10 == 9) System.out.printf("seeded %d runs (%.0f s)%n", r + 1, (System.nanoTime() - started) / 1e9);
            }
        }
    }
}
