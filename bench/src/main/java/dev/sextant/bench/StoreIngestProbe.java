package dev.sextant.bench;

import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.store.NewRun;
import dev.sextant.server.store.StoreFactory;
import dev.sextant.server.domain.RunStatus;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Store-level ingest without HTTP: separates the cost of the write path from the cost of the API. Args: [points] [step stride] [postgres]. */
public final class StoreIngestProbe {
    public static void main(String[] args) throws Exception {
        var dir = Files.createTempDirectory("probe");
        int points = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long stride = args.length > 1 ? Long.parseLong(args[1]) : 1;
        // A third argument "postgres" runs the same probe on a private, durable PostgreSQL cluster.
        var database = args.length > 2 && args[2].equals("postgres")
                ? dev.sextant.server.store.postgres.PostgresCluster.start(true).createDatabase()
                : dir.resolve("p.db").toString();
        try (var store = StoreFactory.open(database)) {
            for (int trial = 0; trial < 2; trial++) {
                var runId = String.format("%032x", trial + 1);
                store.createRun(new NewRun(runId, "0", "r", RunStatus.RUNNING, 0, "", null, "", Map.of(), Map.of()));
                long begin = System.nanoTime();
                for (int start = 0; start < points; start += 10_000) {
                    List<MetricPoint> batch = new ArrayList<>(10_000);
                    for (int i = start; i < start + 10_000; i++) {
                        batch.add(new MetricPoint(i % 2 == 0 ? "loss" : "acc", Math.sin(i), 1_700_000_000_000L + i, (i / 2) * stride));
                    }
                    store.logBatch(runId, batch, Map.of(), Map.of());
                }
                System.out.printf("store logBatch: %,.0f points/s%n", points / ((System.nanoTime() - begin) / 1e9));
            }
        }
    }
}
