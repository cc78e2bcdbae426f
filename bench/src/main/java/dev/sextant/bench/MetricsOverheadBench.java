package dev.sextant.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

/**
 * What the Prometheus metrics cost ingest (issue 22: with metrics on, at least 97 % of the rate with
 * {@code --metrics=false}). The real server jar as a process, as shipped (access log on in both modes), fed by
 * two workloads: (1) metric batches, 4 clients sending 10,000-point batches as the SDKs do under load, and
 * (2) small requests, {@code clients} writers sending one point per request and waiting for each answer, the
 * case where per-request costs weigh most. Two servers run side by side, one per mode; each gets a warm-up trial
 * of both workloads (so the JIT compiler is done before anything is measured), then trials alternate on, off, off,
 * on, … so drifting load on a shared machine falls on both sides alike. Besides
 * the rate, each trial reports the server's CPU per point (all its threads, over the measured window): on a
 * shared machine the rate swings with what else runs, the CPU a point costs far less, so the CPU ratio is the
 * steadier estimate of the rate the metrics leave when the server is the bottleneck.
 * <p>
 * Args: {@code [trials=4] [small-request clients=32] [small-request seconds=10]}, or {@code cost} for (3) alone;
 * {@code -Dbench.control=true} runs both servers with metrics off, to show how far two identical servers differ.
 */
public final class MetricsOverheadBench {
    private static final int BATCH_CLIENTS = 4;
    private static final int BATCH_POINTS = 10_000;
    private static final int POINTS_PER_TRIAL = 1_000_000;

    private enum Mode { ON, OFF }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("cost")) { // only (3), in seconds
            recordingCost();
            return;
        }
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        var work = Files.createTempDirectory("sextant-metrics-overhead");
        System.out.printf("metrics overhead: two server jars at -Xmx%s on SQLite, one with --metrics=false; %d trials per mode%n",
                SextantProcess.HEAP, trials);
        System.out.println("before: " + Conditions.now());
        // -Dbench.control=true: both servers with --metrics=false, to see how far two identical servers differ.
        boolean control = Boolean.getBoolean("bench.control");
        if (control) System.out.println("CONTROL RUN: both servers have --metrics=false");
        try (var on = control ? SextantProcess.start(work.resolve("on"), null, "--metrics=false") : SextantProcess.start(work.resolve("on"), null);
             var off = SextantProcess.start(work.resolve("off"), null, "--metrics=false")) {
            Trial batches = mode -> batchTrial(mode == Mode.ON ? on : off);
            Trial small = mode -> smallTrial(mode == Mode.ON ? on : off, clients, seconds);
            for (var mode : Mode.values()) {
                batches.run(mode);
                small.run(mode);
            }
            System.out.println("warmed up: " + Conditions.now());

            System.out.printf("(1) batches: %d clients, %,d points in batches of %,d%n", BATCH_CLIENTS, POINTS_PER_TRIAL, BATCH_POINTS);
            report(alternate(trials, batches), "points/s");
            System.out.println("    at: " + Conditions.now());

            System.out.printf("(2) small requests: %d clients, one point per request, %d s measured after a warm-up%n", clients, seconds);
            report(alternate(trials, small), "points/s");
        }
        recordingCost();
        System.out.println("after: " + Conditions.now());
    }

    /**
     * (3) What the metrics add per request and per committed batch, measured alone in this JVM (one thread): the
     * HTTP recording (latency histogram, byte counters) and the per-batch recording (points counters, commit timer
     * and group size). Divided by the server's CPU per request from (1) and (2), it bounds the overhead without the
     * noise of a shared machine.
     */
    private static void recordingCost() {
        try (var metrics = new dev.sextant.server.metrics.ServerMetrics()) {
            var http = metrics.http();
            var writes = metrics.writes();
            var batch = new dev.sextant.server.store.BatchResult(1, 0);
            String[] routes = {"/api/v1/runs/{run_id}/metrics", "/api/2.0/mlflow/runs/log-metric", "/api/v1/runs/{run_id}"};
            int calls = 2_000_000;
            var perRequest = new double[5];
            var perBatch = new double[5];
            for (int round = -2; round < 5; round++) { // two warm-up rounds
                long begin = System.nanoTime();
                for (int i = 0; i < calls; i++) http.record("POST", routes[i % 3], 200, 1_000_000 + i, 120, 40);
                double request = (System.nanoTime() - begin) / (double) calls;
                begin = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    metrics.pointsLogged(batch);
                    writes.committed(1 + (i & 7), 2_000_000 + i);
                }
                double committed = (System.nanoTime() - begin) / (double) calls;
                if (round >= 0) {
                    perRequest[round] = request;
                    perBatch[round] = committed;
                }
            }
            System.out.printf("(3) recording alone: %.0f ns per request (HTTP metrics), %.0f ns per batch (points, commit, group size);"
                    + " median of 5 rounds of %,d calls%n", new Stats(perRequest).median(), new Stats(perBatch).median(), calls);
        }
    }

    /** One trial's ingest rate, the server's CPU per point over the measured window, and that CPU by thread. */
    private record Result(double pointsPerSecond, double cpuMicrosPerPoint, Cpu cpu) {
        static Result of(long points, double seconds, Cpu serverCpu) {
            return new Result(points / seconds, serverCpu.totalSeconds() * 1e6 / points, serverCpu);
        }
    }

    /** Where the two servers' CPU differed most in a pair of trials: thread kind and (on - off) seconds. */
    private static String cpuDifference(Result on, Result off) {
        var names = new java.util.TreeSet<>(on.cpu().byThread().keySet());
        names.addAll(off.cpu().byThread().keySet());
        var text = new StringBuilder();
        names.stream()
                .sorted(java.util.Comparator.comparingDouble((String name) -> -Math.abs(
                        on.cpu().byThread().getOrDefault(name, 0.0) - off.cpu().byThread().getOrDefault(name, 0.0))))
                .limit(3)
                .forEach(name -> text.append(text.length() == 0 ? "" : ", ").append(String.format("%s %+.2f s", name,
                        on.cpu().byThread().getOrDefault(name, 0.0) - off.cpu().byThread().getOrDefault(name, 0.0))));
        return text.toString();
    }

    private interface Trial {
        Result run(Mode mode) throws Exception;
    }

    /** Results per mode: ON, OFF, OFF, ON, ON, OFF, … */
    private static Result[][] alternate(int trials, Trial trial) throws Exception {
        var on = new Result[trials];
        var off = new Result[trials];
        for (int i = 0; i < trials; i++) {
            boolean onFirst = i % 2 == 0;
            var first = trial.run(onFirst ? Mode.ON : Mode.OFF);
            var second = trial.run(onFirst ? Mode.OFF : Mode.ON);
            on[i] = onFirst ? first : second;
            off[i] = onFirst ? second : first;
            System.out.printf("    trial %d: on %,.0f points/s (%.2f µs CPU/point), off %,.0f points/s (%.2f µs CPU/point); CPU on-off: %s%n",
                    i + 1, on[i].pointsPerSecond(), on[i].cpuMicrosPerPoint(), off[i].pointsPerSecond(), off[i].cpuMicrosPerPoint(),
                    cpuDifference(on[i], off[i]));
        }
        return new Result[][] {on, off};
    }

    private static void report(Result[][] results, String unit) {
        double onRate = median(results[0], Result::pointsPerSecond);
        double offRate = median(results[1], Result::pointsPerSecond);
        double onCpu = median(results[0], Result::cpuMicrosPerPoint);
        double offCpu = median(results[1], Result::cpuMicrosPerPoint);
        System.out.printf("    medians: rate on %,.0f %s, off %,.0f %s: on/off %.1f %%%n", onRate, unit, offRate, unit, 100 * onRate / offRate);
        System.out.printf("             server CPU per point on %.2f µs, off %.2f µs: rate at equal CPU on/off %.1f %% (target >= 97 %%)%n",
                onCpu, offCpu, 100 * offCpu / onCpu);
    }

    private static double median(Result[] results, java.util.function.ToDoubleFunction<Result> value) {
        return new Stats(java.util.Arrays.stream(results).mapToDouble(value).toArray()).median();
    }

    private static Result batchTrial(SextantProcess server) throws Exception {
        var uploads = new ArrayList<List<byte[]>>();
        var paths = new ArrayList<String>();
        try (var http = new HttpConnection(server.url())) {
            for (int c = 0; c < BATCH_CLIENTS; c++) {
                paths.add("/api/v1/runs/" + SmallWritersBench.createRun(http, false, "batches-" + c) + "/metrics");
                var bodies = new ArrayList<byte[]>();
                int perClient = POINTS_PER_TRIAL / BATCH_CLIENTS;
                for (int start = 0; start < perClient; start += BATCH_POINTS) bodies.add(batch(start, Math.min(BATCH_POINTS, perClient - start)));
                uploads.add(bodies);
            }
        }
        var pool = Executors.newFixedThreadPool(BATCH_CLIENTS);
        try {
            var tasks = new ArrayList<Callable<Void>>();
            for (int c = 0; c < BATCH_CLIENTS; c++) {
                var path = paths.get(c);
                var bodies = uploads.get(c);
                tasks.add(() -> {
                    try (var http = new HttpConnection(server.url())) {
                        for (var body : bodies) {
                            var response = http.post(path, body);
                            if (response.status() != 200) throw new IllegalStateException("a batch answered " + response.status() + ": " + response.text());
                        }
                    }
                    return null;
                });
            }
            var cpuBefore = server.cpu();
            long begin = System.nanoTime();
            for (var future : pool.invokeAll(tasks)) future.get();
            double seconds = (System.nanoTime() - begin) / 1e9;
            return Result.of(POINTS_PER_TRIAL, seconds, server.cpu().since(cpuBefore));
        } finally {
            pool.shutdown();
        }
    }

    private static Result smallTrial(SextantProcess server, int clients, int seconds) throws Exception {
        var result = SmallWritersBench.run(server.url(), clients, seconds, false, server);
        return Result.of(result.acknowledged(), result.seconds(), result.serverCpu());
    }

    /** Two keys per step, like a loss and an accuracy logged together. */
    private static byte[] batch(int firstStep, int count) {
        var json = new StringBuilder(count * 80).append("{\"metrics\":[");
        for (int i = 0; i < count; i++) {
            int step = firstStep + i / 2;
            if (i > 0) json.append(',');
            json.append("{\"key\":\"").append(i % 2 == 0 ? "train/loss" : "train/acc")
                    .append("\",\"value\":").append(Math.sin(firstStep + i) * 3)
                    .append(",\"step\":").append(step)
                    .append(",\"timestamp_ms\":").append(1_700_000_000_000L + step).append('}');
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
