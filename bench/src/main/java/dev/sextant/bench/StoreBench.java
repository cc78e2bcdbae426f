package dev.sextant.bench;

import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.domain.RunStatus;
import dev.sextant.server.store.NewRun;
import dev.sextant.server.store.StoreFactory;
import dev.sextant.server.store.TrackingStore;
import dev.sextant.server.store.postgres.PostgresCluster;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The store on its own, SQLite beside PostgreSQL: ingest of 1M points in batches of 10k through
 * {@link TrackingStore#logBatch} (one transaction each), then envelope latency at ~1,000 buckets.
 * PostgreSQL is a private durable cluster (fsync and synchronous_commit on) on 127.0.0.1.
 */
public final class StoreBench {
    private static final int POINTS = 1_000_000;
    private static final int BATCH = 10_000;
    private static final int ENVELOPES = 200;
    private static final List<String> SHAPES = List.of("dense in order", "dense shuffled", "sparse in order", "sparse shuffled");

    private record Result(double pointsPerSecond, double p50Ms, double p95Ms, int buckets) {}

    public static void main(String[] args) throws Exception {
        var random = new Random(7);
        System.out.printf("Sextant store benchmark: %,d points per series in batches of %,d; envelope at 1,000 buckets, %d reads%n",
                POINTS, BATCH, ENVELOPES);
        var sqlite = Files.createTempDirectory("sextant-store-bench").resolve("sextant.db").toString();
        var results = new LinkedHashMap<String, Map<String, Result>>();
        results.put("SQLite", runAll(sqlite, random));
        results.put("PostgreSQL", runAll(PostgresCluster.start(true).createDatabase(), random));

        System.out.printf("%n%-16s | %-34s | %-34s%n", "", "SQLite", "PostgreSQL");
        System.out.printf("%-16s | %12s %21s | %12s %21s%n", "shape", "ingest pts/s", "envelope p50 / p95", "ingest pts/s",
                "envelope p50 / p95");
        for (var shape : SHAPES) {
            var s = results.get("SQLite").get(shape);
            var p = results.get("PostgreSQL").get(shape);
            System.out.printf("%-16s | %,12.0f %9.2f / %6.2f ms | %,12.0f %9.2f / %6.2f ms%n", shape,
                    s.pointsPerSecond(), s.p50Ms(), s.p95Ms(), p.pointsPerSecond(), p.p50Ms(), p.p95Ms());
        }
    }

    private static Map<String, Result> runAll(String database, Random random) {
        var results = new LinkedHashMap<String, Result>();
        try (var store = StoreFactory.open(database)) {
            System.out.println(StoreFactory.describe(database));
            ingest(store, newRun(store, random), steps(200_000, 1, false, random)); // JIT warm-up
            for (var shape : SHAPES) {
                var steps = steps(POINTS, shape.startsWith("sparse") ? 1000 : 1, shape.endsWith("shuffled"), random);
                var runId = newRun(store, random);
                double rate = ingest(store, runId, steps);
                var result = envelopes(store, runId, rate);
                System.out.printf("  %-16s ingest %,10.0f points/s | envelope p50 %6.2f ms  p95 %6.2f ms (%d buckets)%n",
                        shape, rate, result.p50Ms(), result.p95Ms(), result.buckets());
                results.put(shape, result);
            }
        }
        return results;
    }

    private static List<Long> steps(int count, long stride, boolean shuffled, Random random) {
        var steps = new ArrayList<Long>(count);
        for (long i = 0; i < count; i++) steps.add(i * stride);
        if (shuffled) Collections.shuffle(steps, random);
        return steps;
    }

    /** Points per second; the batches are built before the clock starts. */
    private static double ingest(TrackingStore store, String runId, List<Long> steps) {
        var batches = new ArrayList<List<MetricPoint>>();
        for (int start = 0; start < steps.size(); start += BATCH) {
            var batch = new ArrayList<MetricPoint>(BATCH);
            for (int i = start; i < Math.min(steps.size(), start + BATCH); i++) {
                long step = steps.get(i);
                batch.add(new MetricPoint("loss", Math.cos(step * 0.001), 1_700_000_000_000L + step, step));
            }
            batches.add(batch);
        }
        long begin = System.nanoTime();
        for (var batch : batches) store.logBatch(runId, batch, Map.of(), Map.of());
        return steps.size() / ((System.nanoTime() - begin) / 1e9);
    }

    private static Result envelopes(TrackingStore store, String runId, double rate) {
        for (int i = 0; i < 20; i++) store.readEnvelope(runId, "loss", 1000, null, null);
        double[] ms = new double[ENVELOPES];
        int buckets = 0;
        for (int i = 0; i < ms.length; i++) {
            long begin = System.nanoTime();
            buckets = store.readEnvelope(runId, "loss", 1000, null, null).orElseThrow().buckets().size();
            ms[i] = (System.nanoTime() - begin) / 1e6;
        }
        var stats = new Stats(ms);
        return new Result(rate, stats.median(), stats.percentile(95), buckets);
    }

    private static String newRun(TrackingStore store, Random random) {
        var bytes = new byte[16];
        random.nextBytes(bytes);
        var runId = HexFormat.of().formatHex(bytes);
        store.createRun(new NewRun(runId, "0", "bench", RunStatus.RUNNING, System.currentTimeMillis(), "", null, "",
                Map.of(), Map.of()));
        return runId;
    }
}
