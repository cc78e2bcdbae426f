package dev.sextant.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The hot MLflow routes beside their native twins, in one run against one server (-Xmx256m): requests per second
 * from 1 and 4 client threads, and the server's CPU per request, which is the steadier figure on a shared machine.
 * Each pair is measured MLflow, native, MLflow, native and the better trial of each side kept.
 * <p>
 * Args: {@code [seconds per trial=4] [route name …]}; with no names, every pair runs.
 */
public final class RoutesBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SEARCH_RUNS = 1000;
    private static final int HISTORY_POINTS = 1000;

    /** One request: method, path, JSON body or null. */
    record Request(String method, String path, String body) {}

    /** Builds the i-th request of client thread {@code worker}. */
    interface Workload {
        Request next(int worker, long i);
    }

    /** An MLflow route and its native twin. */
    record Pair(String name, Workload mlflow, Workload nativeRoute) {}

    record Trial(double perSecond, double cpuMicrosPerRequest) {}

    /** Each trial numbers its requests from a fresh base, so no write repeats an earlier one (steps, param keys). */
    private static final java.util.concurrent.atomic.AtomicLong NEXT_BASE = new java.util.concurrent.atomic.AtomicLong();

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        var only = args.length > 1 ? List.of(args).subList(1, args.length) : List.<String>of();
        System.out.println("MLflow routes vs their native twins, " + seconds + " s per trial, best of 2 per side");
        System.out.println("before: " + Conditions.now());
        try (var server = SextantProcess.start(Files.createTempDirectory("sextant-routes"), null)) {
            var fixture = Fixture.create(server.url());
            System.out.printf("%-26s %7s | %10s %10s %6s | %12s %12s %6s%n", "route", "threads", "MLflow r/s", "native r/s",
                    "ratio", "MLflow µs/r", "native µs/r", "ratio");
            for (var pair : fixture.pairs()) {
                if (!only.isEmpty() && !only.contains(pair.name())) continue;
                for (int threads : new int[] {1, 4}) {
                    measure(server, pair.mlflow(), threads, 1); // warm-up of both sides
                    measure(server, pair.nativeRoute(), threads, 1);
                    var m1 = measure(server, pair.mlflow(), threads, seconds);
                    var n1 = measure(server, pair.nativeRoute(), threads, seconds);
                    var m2 = measure(server, pair.mlflow(), threads, seconds);
                    var n2 = measure(server, pair.nativeRoute(), threads, seconds);
                    var m = best(m1, m2);
                    var n = best(n1, n2);
                    System.out.printf(Locale.ROOT, "%-26s %7d | %10.0f %10.0f %5.0f%% | %12.0f %12.0f %5.0f%%%n", pair.name(), threads,
                            m.perSecond(), n.perSecond(), 100 * m.perSecond() / n.perSecond(), m.cpuMicrosPerRequest(),
                            n.cpuMicrosPerRequest(), 100 * m.cpuMicrosPerRequest() / n.cpuMicrosPerRequest());
                }
            }
            System.out.println("(rate ratio = MLflow / native, higher is better for MLflow; CPU ratio = MLflow / native, lower is better)");
            System.out.println(server.heapPeak());
        }
        System.out.println("after: " + Conditions.now());
    }

    private static Trial best(Trial a, Trial b) {
        return a.perSecond() >= b.perSecond() ? a : b;
    }

    /** Runs {@code workload} from {@code threads} keep-alive clients for {@code seconds}. */
    static Trial measure(SextantProcess server, Workload workload, int threads, int seconds) throws Exception {
        var stop = new AtomicBoolean();
        var counts = new long[threads];
        var failure = new AtomicReference<Throwable>();
        var workers = new ArrayList<Thread>();
        long base = NEXT_BASE.getAndAdd(100_000_000L);
        var cpuBefore = server.cpu();
        long begin = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int worker = t;
            var thread = new Thread(() -> {
                try (var http = new HttpConnection(server.url())) {
                    for (long i = 0; !stop.get(); i++) {
                        var request = workload.next(worker, base + i);
                        http.ok(request.method(), request.path(), request.body());
                        counts[worker]++;
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            thread.start();
            workers.add(thread);
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (var thread : workers) thread.join();
        double elapsed = (System.nanoTime() - begin) / 1e9;
        if (failure.get() != null) throw new IllegalStateException("a request failed", failure.get());
        long total = 0;
        for (long count : counts) total += count;
        double cpu = server.cpu().since(cpuBefore).totalSeconds();
        return new Trial(total / elapsed, cpu * 1e6 / total);
    }

    /** The data every pair reads or writes: runs per client thread, a history series, runs to search. */
    record Fixture(String experimentId, List<String> writerRuns, String historyRun, List<String> bulkRuns) {
        static Fixture create(String url) throws Exception {
            try (var http = new HttpConnection(url)) {
                var experiment = JSON.readTree(http.ok("POST", "/api/v1/experiments", "{\"name\":\"routes\"}").body())
                        .path("experiment_id").asText();
                var writers = new ArrayList<String>();
                for (int w = 0; w < 4; w++) writers.add(createRun(http, experiment, "writer-" + w, ""));
                var bulk = new ArrayList<String>();
                for (int r = 0; r < 10; r++) {
                    var runId = createRun(http, experiment, "history-" + r, "");
                    var points = new StringBuilder("{\"metrics\":[");
                    for (int step = 0; step < HISTORY_POINTS; step++) {
                        if (step > 0) points.append(',');
                        points.append("{\"key\":\"loss\",\"value\":").append(Math.exp(-step / 300.0) + r * 0.01)
                                .append(",\"step\":").append(step).append(",\"timestamp_ms\":").append(1_700_000_000_000L + step)
                                .append('}');
                    }
                    http.ok("POST", "/api/v1/runs/" + runId + "/metrics", points.append("]}").toString());
                    bulk.add(runId);
                }
                for (int r = 0; r < SEARCH_RUNS; r++) {
                    var runId = createRun(http, experiment, "search-" + r,
                            ",\"config\":{\"lr\":\"" + (r % 10) * 0.001 + "\",\"layers\":\"" + r % 7 + "\"}");
                    http.ok("POST", "/api/v1/runs/" + runId + "/metrics", "{\"metrics\":[{\"key\":\"loss\",\"value\":"
                            + ((r * 7919) % 1000) / 1000.0 + ",\"step\":0,\"timestamp_ms\":1},{\"key\":\"acc\",\"value\":"
                            + ((r * 104729) % 1000) / 1000.0 + ",\"step\":0,\"timestamp_ms\":1}]}");
                }
                return new Fixture(experiment, writers, bulk.get(0), bulk);
            }
        }

        private static String createRun(HttpConnection http, String experiment, String name, String extra) throws Exception {
            var body = http.ok("POST", "/api/v1/runs", "{\"experiment_id\":\"" + experiment + "\",\"name\":\"" + name + "\"" + extra + "}");
            return JSON.readTree(body.body()).path("run_id").asText();
        }

        List<Pair> pairs() {
            var mlflow = "/api/2.0/mlflow";
            var runIds = String.join("&run_ids=", bulkRuns);
            var runIdList = "\"" + String.join("\",\"", bulkRuns) + "\"";
            var filter = "metrics.loss < 0.5 and params.lr = '0.003'";
            long stamp = System.currentTimeMillis() * 1000; // a fresh step space for every bench run on one server
            return List.of(
                    new Pair("log-metric",
                            (w, i) -> new Request("POST", mlflow + "/runs/log-metric", "{\"run_id\":\"" + writerRuns.get(w)
                                    + "\",\"key\":\"m\",\"value\":" + i + ",\"timestamp\":" + (stamp + i) + ",\"step\":" + i + "}"),
                            (w, i) -> new Request("POST", "/api/v1/runs/" + writerRuns.get(w) + "/metrics",
                                    "{\"metrics\":[{\"key\":\"n\",\"value\":" + i + ",\"timestamp_ms\":" + (stamp + i) + ",\"step\":" + i + "}]}")),
                    new Pair("log-param",
                            (w, i) -> new Request("POST", mlflow + "/runs/log-parameter", "{\"run_id\":\"" + writerRuns.get(w)
                                    + "\",\"key\":\"m" + stamp + "_" + i + "\",\"value\":\"" + i + "\"}"),
                            (w, i) -> new Request("POST", "/api/v1/runs/" + writerRuns.get(w) + "/config",
                                    "{\"config\":{\"n" + stamp + "_" + i + "\":\"" + i + "\"}}")),
                    new Pair("set-tag",
                            (w, i) -> new Request("POST", mlflow + "/runs/set-tag", "{\"run_id\":\"" + writerRuns.get(w)
                                    + "\",\"key\":\"stage\",\"value\":\"m" + i + "\"}"),
                            (w, i) -> new Request("PUT", "/api/v1/runs/" + writerRuns.get(w) + "/tags",
                                    "{\"tags\":{\"stage\":\"n" + i + "\"}}")),
                    new Pair("runs/create",
                            (w, i) -> new Request("POST", mlflow + "/runs/create", "{\"experiment_id\":\"" + experimentId
                                    + "\",\"run_name\":\"m" + w + "-" + i + "\",\"start_time\":" + stamp + "}"),
                            (w, i) -> new Request("POST", "/api/v1/runs", "{\"experiment_id\":\"" + experimentId
                                    + "\",\"name\":\"n" + w + "-" + i + "\"}")),
                    new Pair("runs/update",
                            (w, i) -> new Request("POST", mlflow + "/runs/update", "{\"run_id\":\"" + writerRuns.get(w)
                                    + "\",\"status\":\"RUNNING\"}"),
                            (w, i) -> new Request("PATCH", "/api/v1/runs/" + writerRuns.get(w), "{\"status\":\"RUNNING\"}")),
                    new Pair("get-history",
                            (w, i) -> new Request("GET", mlflow + "/metrics/get-history?run_id=" + historyRun + "&metric_key=loss", null),
                            (w, i) -> new Request("GET", "/api/v1/runs/" + historyRun + "/metrics/loss?raw=true&max_results=100000", null)),
                    new Pair("get-history-bulk-interval",
                            (w, i) -> new Request("GET", mlflow + "/metrics/get-history-bulk-interval?run_ids=" + runIds
                                    + "&metric_key=loss&max_results=320", null),
                            (w, i) -> new Request("POST", "/api/v1/metrics/query", "{\"run_ids\":[" + runIdList
                                    + "],\"keys\":[\"loss\"],\"buckets\":320}")),
                    new Pair("runs/search",
                            (w, i) -> new Request("POST", mlflow + "/runs/search", "{\"experiment_ids\":[\"" + experimentId
                                    + "\"],\"filter\":\"" + filter + "\",\"order_by\":[\"metrics.acc DESC\"],\"max_results\":100}"),
                            (w, i) -> new Request("POST", "/api/v1/runs/search", "{\"experiment_ids\":[\"" + experimentId
                                    + "\"],\"filter\":\"" + filter + "\",\"order_by\":[\"metrics.acc DESC\"],\"max_results\":100}")),
                    new Pair("log-batch (1,000 metrics)",
                            (w, i) -> new Request("POST", mlflow + "/runs/log-batch", batch(writerRuns.get(w), stamp, i, true)),
                            (w, i) -> new Request("POST", "/api/v1/runs/" + writerRuns.get(w) + "/metrics", batch(null, stamp, i, false))));
        }

        /** 1,000 points: 10 keys × 100 steps, the i-th batch of a client thread. */
        private static String batch(String runId, long stamp, long i, boolean mlflow) {
            var json = new StringBuilder(80_000);
            json.append(mlflow ? "{\"run_id\":\"" + runId + "\",\"metrics\":[" : "{\"metrics\":[");
            for (int p = 0; p < 1000; p++) {
                long step = i * 100 + p / 10;
                if (p > 0) json.append(',');
                json.append("{\"key\":\"").append(mlflow ? "batch_m" : "batch_n").append(p % 10).append("\",\"value\":")
                        .append(Math.sin(step * 0.01 + p)).append(",\"step\":").append(step)
                        .append(mlflow ? ",\"timestamp\":" : ",\"timestamp_ms\":").append(stamp + step).append('}');
            }
            return json.append("]}").toString();
        }
    }
}
