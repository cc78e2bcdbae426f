package dev.sextant.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.store.postgres.PostgresCluster;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hundreds of small writers (issue 18): {@code clients} clients, each with its own run and its own keep-alive
 * connection (all driven by one thread, {@link KeepAliveClients}), send one point per request — MLflow's
 * {@code runs/log-metric} (or the native route with a batch of one) — and wait for the answer before sending the
 * next, as {@code mlflow.log_metric()} in a training loop does.
 * Acknowledged points per second over the measured window, after a warm-up; then every run's stored point count
 * is checked against what was acknowledged.
 * <p>
 * Args: {@code [clients=64] [seconds=20] [mlflow|native] [sqlite|postgres]}. Or {@code --url URL} to drive a server
 * that is already running (MLflow's own, for instance; route mlflow only).
 */
public final class SmallWritersBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup", 10);
    /**
     * After the warm-up, wait (at most this many more seconds) until the server's JIT compilers are quiet: under 64
     * clients on 2 cores the C2 queue drains slowly, and compiling in the measured window (seconds of CPU after a
     * 40 s warm-up) was the largest source of noise between runs. 0 measures right after the warm-up.
     */
    private static final int SETTLE_SECONDS = Integer.getInteger("bench.settle", 120);
    /** A 5 s step in which the compilers used less CPU than this counts as quiet. */
    private static final double QUIET_COMPILER_SECONDS = 0.25;

    /** {@code serverCpu} is null when the server is not ours to watch. */
    record Result(long acknowledged, double seconds, double[] latenciesMs, Cpu serverCpu, Cpu clientCpu) {
        double rate() {
            return acknowledged / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        String url = null;
        var positional = new ArrayList<String>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--url")) url = args[++i];
            else positional.add(args[i]);
        }
        int clients = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 64;
        int seconds = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 20;
        boolean mlflow = positional.size() <= 2 || positional.get(2).equals("mlflow");
        boolean postgres = positional.size() > 3 && positional.get(3).equals("postgres");
        System.out.printf("small writers: %d clients, one %s request per point, %d s warm-up + %d s measured%n",
                clients, mlflow ? "MLflow runs/log-metric" : "native POST /api/v1/runs/{id}/metrics", WARMUP_SECONDS, seconds);
        System.out.println("before: " + Conditions.now());
        if (url != null) {
            report(run(url, clients, seconds, mlflow, null), null);
            return;
        }
        var database = postgres ? PostgresCluster.start(true).createDatabase() : null;
        try (var server = SextantProcess.start(Files.createTempDirectory("sextant-small-writers"), database)) {
            System.out.println("server: " + (postgres ? "PostgreSQL (durable: fsync, synchronous_commit on)" : "SQLite, WAL, synchronous=FULL"));
            var result = run(server.url(), clients, seconds, mlflow, server);
            report(result, server.heapPeak());
        }
    }

    private static void report(Result result, SextantProcess.HeapPeak heap) {
        var stats = new Stats(result.latenciesMs());
        System.out.printf("acknowledged: %,.0f points/s (%,d in %.1f s); latency p50 %.2f ms, p99 %.2f ms%n",
                result.rate(), result.acknowledged(), result.seconds(), stats.median(), stats.percentile(99));
        System.out.println(cpuLine(result));
        if (heap != null) System.out.println(heap);
        System.out.println("after: " + Conditions.now());
    }

    /** CPU per acknowledged point: the server's (all threads, and its writer thread alone) and the load generator's. */
    static String cpuLine(Result result) {
        double points = result.acknowledged();
        var client = String.format("load generator %.0f µs", result.clientCpu().totalSeconds() * 1e6 / points);
        if (result.serverCpu() == null) return "CPU per point: " + client;
        return String.format("CPU per point: server %.0f µs (writer thread %.0f µs), %s%nserver CPU by thread: %s",
                result.serverCpu().totalSeconds() * 1e6 / points, result.serverCpu().writerSeconds() * 1e6 / points, client,
                result.serverCpu().top(6));
    }

    /** Runs the workload against {@code url}; {@code server} (null when not ours) is watched for CPU. */
    static Result run(String url, int clients, int seconds, boolean mlflow, SextantProcess server) throws Exception {
        var runIds = new ArrayList<String>();
        try (var http = new HttpConnection(url)) {
            for (int c = 0; c < clients; c++) runIds.add(createRun(http, mlflow, "small-writer-" + c));
        }
        var stop = new AtomicBoolean();
        var measuring = new AtomicBoolean();
        var acked = new long[clients];
        // The latency of each answer in the measured window, grown on the loop thread: their count is the window's.
        var samples = new double[][] {new double[1 << 16]};
        var sampleCount = new int[1];
        var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        String logMetric = "/api/2.0/mlflow/runs/log-metric";
        KeepAliveClients.Workload workload = (client, step) -> {
            String runId = runIds.get(client);
            double value = Math.sin(step * 0.01) + client;
            long timestamp = 1_700_000_000_000L + step;
            String body = mlflow
                    ? "{\"run_id\":\"" + runId + "\",\"key\":\"loss\",\"value\":" + value + ",\"timestamp\":"
                      + timestamp + ",\"step\":" + step + "}"
                    : "{\"metrics\":[{\"key\":\"loss\",\"value\":" + value + ",\"timestamp_ms\":" + timestamp
                      + ",\"step\":" + step + "}]}";
            return new KeepAliveClients.Request(mlflow ? logMetric : "/api/v1/runs/" + runId + "/metrics",
                    body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        };
        KeepAliveClients.Answers answers = (client, status, latencyNanos) -> {
            if (status / 100 != 2) return; // the driver fails the run
            acked[client]++;
            if (measuring.get()) {
                if (sampleCount[0] == samples[0].length) samples[0] = Arrays.copyOf(samples[0], samples[0].length * 2);
                samples[0][sampleCount[0]++] = latencyNanos / 1e6;
            }
        };
        var driver = new Thread(() -> {
            try {
                new KeepAliveClients(url).drive(clients, workload, answers, stop::get);
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, "small-writers");
        driver.start();
        Thread.sleep(WARMUP_SECONDS * 1000L);
        if (server != null) settle(server);
        long self = ProcessHandle.current().pid();
        var serverCpuBefore = server == null ? null : server.cpu();
        var clientCpuBefore = Cpu.of(self);
        measuring.set(true);
        long begin = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        double elapsed = (System.nanoTime() - begin) / 1e9;
        var serverCpu = server == null ? null : server.cpu().since(serverCpuBefore);
        var clientCpu = Cpu.of(self).since(clientCpuBefore);
        stop.set(true);
        driver.join();
        if (failure.get() != null) throw new IllegalStateException("a writer failed", failure.get());

        long total = Arrays.stream(acked).sum();
        long stored = 0;
        try (var http = new HttpConnection(url)) {
            for (var runId : runIds) stored += storedPoints(http, runId, mlflow);
        }
        System.out.printf("check: %,d points acknowledged in all, %,d stored%n", total, stored);
        if (stored != total) throw new IllegalStateException("stored " + stored + " points but acknowledged " + total);
        return new Result(sampleCount[0], elapsed, Arrays.copyOf(samples[0], sampleCount[0]), serverCpu, clientCpu);
    }

    /** Waits in 5 s steps until a step in which the server's compiler threads were nearly idle, or SETTLE_SECONDS. */
    private static void settle(SextantProcess server) throws Exception {
        long begin = System.nanoTime();
        double compiling;
        do {
            var before = server.cpu();
            Thread.sleep(5_000);
            compiling = compilerSeconds(server.cpu().since(before));
        } while (compiling >= QUIET_COMPILER_SECONDS && System.nanoTime() - begin < SETTLE_SECONDS * 1_000_000_000L);
        System.out.printf("settled: %.0f s more after the warm-up (JIT compilers %.2f s of CPU in the last 5 s)%n",
                (System.nanoTime() - begin) / 1e9, compiling);
    }

    private static double compilerSeconds(Cpu cpu) {
        return cpu.byThread().entrySet().stream().filter(e -> e.getKey().contains("Compiler"))
                .mapToDouble(java.util.Map.Entry::getValue).sum();
    }

    static String createRun(HttpConnection http, boolean mlflow, String name) throws Exception {
        if (mlflow) {
            var body = http.ok("POST", "/api/2.0/mlflow/runs/create",
                    "{\"experiment_id\":\"0\",\"run_name\":\"" + name + "\",\"start_time\":" + System.currentTimeMillis() + "}");
            return JSON.readTree(body.body()).path("run").path("info").path("run_id").asText();
        }
        var body = http.ok("POST", "/api/v1/runs", "{\"experiment_name\":\"small-writers\",\"name\":\"" + name + "\"}");
        return JSON.readTree(body.body()).path("run_id").asText();
    }

    /** The stored point count of the run's loss series, read back through the same API family. */
    private static long storedPoints(HttpConnection http, String runId, boolean mlflow) throws Exception {
        if (mlflow) {
            var body = http.ok("GET", "/api/2.0/mlflow/metrics/get-history?run_id=" + runId + "&metric_key=loss", null);
            return JSON.readTree(body.body()).path("metrics").size();
        }
        var body = JSON.readTree(http.ok("GET", "/api/v1/runs/" + runId + "/metrics", null).body());
        for (var metric : body.path("metrics")) if (metric.path("key").asText().equals("loss")) return metric.path("count").asLong();
        return 0;
    }

}
