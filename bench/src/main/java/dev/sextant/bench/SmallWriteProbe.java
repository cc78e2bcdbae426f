package dev.sextant.bench;

import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.domain.RunStatus;
import dev.sextant.server.store.NewRun;
import dev.sextant.server.store.StoreFactory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store's small-write path without HTTP: {@code threads} callers each log one point at a time to their own
 * run through {@code TrackingStore.logBatch}, as 64 MLflow clients calling log_metric would. Prints points/s and
 * the CPU per point of the whole process and of the database writer thread alone. Args: [threads=64] [seconds=20].
 */
public final class SmallWriteProbe {
    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        var database = Files.createTempDirectory("small-write-probe").resolve("p.db").toString();
        System.out.println("before: " + Conditions.now());
        try (var store = StoreFactory.open(database)) {
            var runs = new ArrayList<String>();
            for (int t = 0; t < threads; t++) {
                var runId = String.format("%032x", t + 1);
                store.createRun(new NewRun(runId, "0", "r" + t, RunStatus.RUNNING, 0, "", null, "", Map.of(), Map.of()));
                runs.add(runId);
            }
            var stop = new AtomicBoolean();
            var count = new AtomicLong();
            var workers = new ArrayList<Thread>();
            for (var runId : runs) {
                var worker = new Thread(() -> {
                    for (long step = 0; !stop.get(); step++) {
                        store.logBatch(runId, List.of(new MetricPoint("loss", Math.sin(step), 1_700_000_000_000L + step, step)),
                                Map.of(), Map.of());
                        count.incrementAndGet();
                    }
                });
                worker.start();
                workers.add(worker);
            }
            long self = ProcessHandle.current().pid();
            for (int round = 0; round < 2; round++) { // the first round warms the JIT up
                var cpu = Cpu.of(self);
                long before = count.get();
                long begin = System.nanoTime();
                Thread.sleep(seconds * 1000L);
                double elapsed = (System.nanoTime() - begin) / 1e9;
                long points = count.get() - before;
                var used = Cpu.of(self).since(cpu);
                System.out.printf("%s: %,.0f points/s; CPU per point %.0f µs (writer thread %.0f µs); %s%n",
                        round == 0 ? "warm-up " : "measured", points / elapsed, used.totalSeconds() * 1e6 / points,
                        used.writerSeconds() * 1e6 / points, used.top(4));
            }
            stop.set(true);
            for (var worker : workers) worker.join();
        }
        System.out.println("after: " + Conditions.now());
    }
}
