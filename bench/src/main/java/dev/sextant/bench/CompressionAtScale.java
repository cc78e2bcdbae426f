package dev.sextant.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * {@code bench/run compression scale [series=100] [points per series=1000000] [--data DIR]}: the 10⁸ points.
 * The server runs from its jar at -Xmx256m ({@link SextantProcess}); runs of 10 series each ("loss0".."loss9", the
 * {@link Curves} float64 loss curve, one seed a series) are logged through the native batch route, 1,000 steps × 10
 * keys a request, by two clients, then finished (which seals their last chunks). Then the reads: a 1,000-bucket
 * envelope of a whole series, the first raw page of 25,000 points, and MLflow get-history of one whole series.
 * Reports ingest time and rate, the SQLite file size, bytes per point and the server's peak heap.
 */
final class CompressionAtScale {
    private static final int KEYS_PER_RUN = 10;
    private static final int STEPS_PER_REQUEST = 1_000;
    private static final int CLIENTS = 2;

    private CompressionAtScale() {}

    static void run(List<String> args) throws Exception {
        Path keep = null;
        var positional = new ArrayList<String>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--data")) keep = Path.of(args.get(++i));
            else positional.add(args.get(i));
        }
        int series = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 100;
        int steps = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 1_000_000;
        if (series % KEYS_PER_RUN != 0) throw new IllegalArgumentException("series must be a multiple of " + KEYS_PER_RUN);
        long points = (long) series * steps;
        var work = keep != null ? keep : Files.createTempDirectory("sextant-compression-scale");
        System.out.printf("compression at scale: %,d series x %,d steps = %,d points (float64 loss), server -Xmx%s, data in %s%n",
                series, steps, points, SextantProcess.HEAP, work);
        System.out.println("before: " + Conditions.now());
        try (var server = SextantProcess.start(work, null)) {
            var runIds = new ArrayList<String>();
            try (var http = new HttpConnection(server.url())) {
                for (int r = 0; r < series / KEYS_PER_RUN; r++) {
                    var body = http.ok("POST", "/api/v1/runs", "{\"experiment_name\":\"scale\",\"name\":\"run" + r + "\"}").text();
                    int at = body.indexOf("\"run_id\":\"") + 10;
                    runIds.add(body.substring(at, at + 32));
                }
            }
            long begin = System.nanoTime();
            ingest(server.url(), runIds, steps);
            double ingestSeconds = (System.nanoTime() - begin) / 1e9;
            var db = work.resolve("data").resolve("sextant.db");
            System.out.printf("ingest: %,d points in %.0f s = %,.0f points/s (%d clients, %,d points a request); %s%n",
                    points, ingestSeconds, points / ingestSeconds, CLIENTS, STEPS_PER_REQUEST * KEYS_PER_RUN, server.heapPeak());
            System.out.println("after ingest: " + Conditions.now());
            reads(server.url(), runIds.get(0), steps);
            long wal = size(Path.of(db + "-wal"));
            long bytes = size(db) + wal;
            System.out.printf("disk: %,d bytes (database file %,d + WAL %,d) = %.2f bytes/point; %s%n", bytes, size(db), wal,
                    (double) bytes / points, server.heapPeak());
        }
        System.out.println("after: " + Conditions.now());
    }

    /** Each client logs whole runs, in step order, and finishes each run it completes. */
    private static void ingest(String url, List<String> runIds, int steps) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            var futures = new ArrayList<Future<?>>();
            for (int r = 0; r < runIds.size(); r++) {
                int runIndex = r;
                futures.add(pool.submit(() -> {
                    logRun(url, runIds.get(runIndex), runIndex, steps);
                    return null;
                }));
            }
            for (var future : futures) future.get();
        } finally {
            pool.shutdownNow();
        }
    }

    private static void logRun(String url, String runId, int runIndex, int steps) throws Exception {
        var curves = new Curves[KEYS_PER_RUN];
        for (int k = 0; k < KEYS_PER_RUN; k++) curves[k] = new Curves(Curves.Kind.FLOAT64, 1000L * runIndex + k);
        try (var http = new HttpConnection(url)) {
            var path = "/api/v1/runs/" + runId + "/metrics";
            for (int start = 0; start < steps; start += STEPS_PER_REQUEST) {
                var json = new StringBuilder(STEPS_PER_REQUEST * KEYS_PER_RUN * 80).append("{\"metrics\":[");
                for (int step = start; step < Math.min(steps, start + STEPS_PER_REQUEST); step++) {
                    for (int k = 0; k < KEYS_PER_RUN; k++) {
                        double value = curves[k].value(step);
                        if (json.length() > 12) json.append(',');
                        json.append("{\"key\":\"loss").append(k).append("\",\"value\":").append(value)
                                .append(",\"step\":").append(step).append(",\"timestamp_ms\":").append(curves[k].timestampMs()).append('}');
                    }
                }
                http.ok("POST", path, json.append("]}").toString());
            }
            http.ok("PATCH", "/api/v1/runs/" + runId, "{\"status\":\"FINISHED\"}");
        }
    }

    private static void reads(String url, String runId, int steps) throws Exception {
        try (var http = new HttpConnection(url)) {
            var envelope = "/api/v1/runs/" + runId + "/metrics/loss0?buckets=1000";
            var raw = "/api/v1/runs/" + runId + "/metrics/loss0?raw=true&max_results=25000";
            var history = "/api/2.0/mlflow/metrics/get-history?run_id=" + runId + "&metric_key="
                    + URLEncoder.encode("loss0", StandardCharsets.UTF_8);
            report(http, "envelope, whole series, 1,000 buckets", envelope, 21);
            report(http, "raw page, first 25,000 points", raw, 21);
            int historyBytes = report(http, "MLflow get-history, whole series (" + String.format("%,d", steps) + " points)", history, 5);
            System.out.printf("    get-history answer: %,d bytes%n", historyBytes);
        }
    }

    /** Times {@code repeats} GETs after one warm-up; prints p50 and the slowest; returns the answer's size. */
    private static int report(HttpConnection http, String label, String path, int repeats) throws Exception {
        int size = http.ok("GET", path, null).body().length;
        var ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t = System.nanoTime();
            size = http.ok("GET", path, null).body().length;
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        var stats = new Stats(ms);
        System.out.printf("  %-55s p50 %8.1f ms, max %8.1f ms (%d requests, %,d bytes)%n", label, stats.median(),
                Stream.of(ms).flatMapToDouble(java.util.Arrays::stream).max().orElse(0), repeats, size);
        return size;
    }

    private static long size(Path path) throws java.io.IOException {
        return Files.exists(path) ? Files.size(path) : 0;
    }
}
