package dev.sextant.bench;

import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.domain.RunStatus;
import dev.sextant.server.store.NewRun;
import dev.sextant.server.store.RunUpdate;
import dev.sextant.server.store.StoreFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.Random;

/**
 * Bytes per point on disk (the SQLite file after the run ended and the store closed, every table and index
 * included, divided by the points), ingest rate through the store, and envelope latency, for each {@link Curves}
 * kind: one run, one series, logged in order in batches of 10,000 points. Args: [points per kind, default 2,000,000].
 * With {@code scale} first, the 10⁸-point run through a server at -Xmx256m instead ({@link CompressionAtScale}).
 */
public final class CompressionBench {
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("scale")) {
            CompressionAtScale.run(java.util.List.of(args).subList(1, args.length));
            return;
        }
        int points = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        for (var kind : Curves.Kind.values()) {
            var dir = Files.createTempDirectory("compression-" + kind);
            var file = dir.resolve("c.db");
            var runId = "0123456789abcdef0123456789abcdef";
            double ingestRate;
            String envelopes;
            try (var store = StoreFactory.open(file.toString())) {
                store.createRun(new NewRun(runId, "0", "r", RunStatus.RUNNING, 0, "", null, "", Map.of(), Map.of()));
                var curve = new Curves(kind, 19);
                long begin = System.nanoTime();
                for (int start = 0; start < points; start += 10_000) {
                    var batch = new ArrayList<MetricPoint>(10_000);
                    for (int step = start; step < Math.min(points, start + 10_000); step++) {
                        double value = curve.value(step);
                        batch.add(new MetricPoint("loss", value, curve.timestampMs(), step));
                    }
                    store.logBatch(runId, batch, Map.of(), Map.of());
                }
                store.updateRun(runId, new RunUpdate(RunStatus.FINISHED, 1L, null, null));
                ingestRate = points / ((System.nanoTime() - begin) / 1e9);
                envelopes = envelopeLatency(store, runId, points);
            }
            long bytes = size(file) + size(Path.of(file + "-wal"));
            System.out.printf("%-8s %,d points: %6.2f bytes/point on disk (%,d bytes), ingest %,.0f points/s, %s%n",
                    kind, points, (double) bytes / points, bytes, ingestRate, envelopes);
        }
    }

    /** p50 of whole-series envelopes and of zoomed ones (random ranges of 2,000 to 200,000 steps), 1,000 buckets. */
    private static String envelopeLatency(dev.sextant.server.store.TrackingStore store, String runId, int points) {
        var random = new Random(7);
        for (int i = 0; i < 30; i++) store.readEnvelope(runId, "loss", 1000, null, null);
        var whole = new double[100];
        for (int i = 0; i < whole.length; i++) {
            long t = System.nanoTime();
            store.readEnvelope(runId, "loss", 1000, null, null);
            whole[i] = (System.nanoTime() - t) / 1e6;
        }
        var zoomed = new double[200];
        for (int i = 0; i < zoomed.length; i++) {
            long width = 2_000 + random.nextInt(198_000);
            long from = (long) (random.nextDouble() * Math.max(1, points - width));
            long t = System.nanoTime();
            store.readEnvelope(runId, "loss", 1000, from, from + width);
            zoomed[i] = (System.nanoTime() - t) / 1e6;
        }
        long t = System.nanoTime();
        String token = null;
        long read = 0;
        do {
            var page = store.readPoints(runId, "loss", null, null, 25_000, token);
            read += page.items().size();
            token = page.nextPageToken();
        } while (token != null);
        double pagingMs = (System.nanoTime() - t) / 1e6;
        if (read != points) throw new AssertionError("read " + read + " points of " + points);
        return String.format("envelope p50 whole %.2f ms, zoomed %.2f ms; all points paged in %.0f ms",
                new Stats(whole).median(), new Stats(zoomed).median(), pagingMs);
    }

    private static long size(Path path) throws java.io.IOException {
        return Files.exists(path) ? Files.size(path) : 0;
    }
}
