package dev.sextant.bench;

import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.domain.RunStatus;
import dev.sextant.server.store.NewRun;
import dev.sextant.server.store.StoreFactory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Map;

/** Envelope latency at the store, without HTTP or JSON: tells the read path's cost from the API's. */
public final class EnvelopeProbe {
    public static void main(String[] args) throws Exception {
        var dir = Files.createTempDirectory("envelope-probe");
        try (var store = StoreFactory.open(dir.resolve("e.db").toString())) {
            for (long stride : new long[] {1, 1000}) {
                var runId = String.format("%032x", stride);
                store.createRun(new NewRun(runId, "0", "r", RunStatus.RUNNING, 0, "", null, "", Map.of(), Map.of()));
                for (int start = 0; start < 1_000_000; start += 10_000) {
                    var batch = new ArrayList<MetricPoint>(10_000);
                    for (int i = start; i < start + 10_000; i++) batch.add(new MetricPoint("loss", Math.cos(i * 0.001), i, i * stride));
                    store.logBatch(runId, batch, Map.of(), Map.of());
                }
                for (int i = 0; i < 50; i++) store.readEnvelope(runId, "loss", 1000, null, null);
                var ms = new double[200];
                for (int i = 0; i < ms.length; i++) {
                    long t = System.nanoTime();
                    store.readEnvelope(runId, "loss", 1000, null, null);
                    ms[i] = (System.nanoTime() - t) / 1e6;
                }
                var stats = new Stats(ms);
                System.out.printf("stride %4d: store envelope p50 %6.2f ms  p95 %6.2f ms%n", stride, stats.median(), stats.percentile(95));
            }
        }
    }
}
