package dev.sextant.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.store.postgres.PostgresCluster;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * 100,000 runs in one experiment (issue 18), each with 20 params, 10 metrics and 5 tags, created through the API
 * by {@code threads} clients (two requests a run: create with config and tags, then one metric batch), into a
 * server at -Xmx256m. Then the reads a team makes of such an experiment, each repeated and reported as p50/p95:
 * searches with a metric filter, a param filter and an order by a metric; the runs table's first page; later pages;
 * the column list; the experiment list; and the runs table's first row in headless Chromium.
 * <p>
 * Args: {@code [sqlite|postgres] [runs=100000] [threads=8]} and {@code --data DIR} to keep (and on the next run
 * reuse) the seeded folder, since seeding takes minutes: the SQLite file, or for PostgreSQL a durable cluster that
 * is stopped, not deleted, at exit. {@code --seed-only} seeds (or finds the seed) and stops before any timing;
 * {@code --only searches,pages,columns,experiments,chromium} times only those parts (all by default).
 */
public final class ScaleBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REPEATS = Integer.getInteger("bench.repeats", 21);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 0);
    private static final String[] OPTIMIZERS = {"adam", "sgd", "rmsprop"};

    public static void main(String[] args) throws Exception {
        Path keep = null;
        boolean seedOnly = false;
        var parts = Set.of("searches", "pages", "columns", "experiments", "chromium");
        var positional = new ArrayList<String>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> keep = Path.of(args[++i]);
                case "--seed-only" -> seedOnly = true;
                case "--only" -> parts = Set.of(args[++i].split(","));
                default -> positional.add(args[i]);
            }
        }
        boolean postgres = !positional.isEmpty() && positional.get(0).equals("postgres");
        int runs = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 100_000;
        int threads = positional.size() > 2 ? Integer.parseInt(positional.get(2)) : 8;
        System.out.printf("scale: %,d runs x (20 params, 10 metrics, 5 tags) in one experiment, %s, server -Xmx%s%n", runs,
                postgres ? "PostgreSQL (durable)" : "SQLite", SextantProcess.HEAP);
        System.out.println("before: " + Conditions.now());
        var work = keep != null ? keep : Files.createTempDirectory("sextant-scale");
        String database = null;
        if (postgres) {
            database = keep != null ? PostgresCluster.kept(keep.resolve("postgres")).database("sextant_scale")
                    : PostgresCluster.start(true).createDatabase();
        }
        try (var server = SextantProcess.start(work, database)) {
            var marker = work.resolve("seeded-experiment");
            String experimentId;
            if (Files.exists(marker)) {
                experimentId = Files.readString(marker).trim();
                System.out.println("reusing the seeded experiment " + experimentId + " in " + work);
            } else {
                experimentId = seed(server.url(), runs, threads);
                Files.writeString(marker, experimentId);
            }
            System.out.println("seeded: " + Conditions.now());
            if (seedOnly) return;
            measureReads(server, experimentId, parts);
            if (parts.contains("chromium")) {
                try (var browser = new HeadlessChromium(Files.createTempDirectory("sextant-scale-chromium"))) {
                    var times = new double[5];
                    for (int i = 0; i < times.length; i++) {
                        times[i] = browser.firstRunsTableRow(server.url() + "/#/experiments/" + experimentId);
                        if (Boolean.getBoolean("bench.trace")) System.out.println(browser.trace());
                    }
                    print("runs table first row, Chromium (page time)", times);
                }
            }
            System.out.println(server.heapPeak());
        }
        System.out.println("after: " + Conditions.now());
    }

    /** Creates the experiment and its runs from {@code threads} clients; prints the creation rate. */
    static String seed(String url, int runs, int threads) throws Exception {
        String experimentId;
        try (var http = new HttpConnection(url)) {
            experimentId = JSON.readTree(http.ok("POST", "/api/v1/experiments",
                    "{\"name\":\"scale-" + System.currentTimeMillis() + "\"}").body()).path("experiment_id").asText();
        }
        var next = new AtomicInteger();
        var failure = new AtomicReference<Throwable>();
        var workers = new ArrayList<Thread>();
        long begin = System.nanoTime();
        long start = System.currentTimeMillis() - runs * 1000L;
        for (int t = 0; t < threads; t++) {
            var worker = new Thread(() -> {
                try (var http = new HttpConnection(url)) {
                    for (int i = next.getAndIncrement(); i < runs && failure.get() == null; i = next.getAndIncrement()) {
                        createRun(http, experimentId, i, start + i * 1000L);
                        if (i > 0 && i % 10_000 == 0) {
                            System.out.printf("  %,d runs after %.0f s%n", i, (System.nanoTime() - begin) / 1e9);
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (var worker : workers) worker.join();
        if (failure.get() != null) throw new IllegalStateException("seeding failed", failure.get());
        double seconds = (System.nanoTime() - begin) / 1e9;
        System.out.printf("created %,d runs in %.1f s: %,.0f runs/s (%d clients, 2 requests a run)%n", runs, seconds, runs / seconds,
                threads);
        return experimentId;
    }

    private static void createRun(HttpConnection http, String experimentId, int i, long startMs) throws Exception {
        var config = new StringBuilder("{");
        config.append("\"optimizer\":\"").append(OPTIMIZERS[i % 3]).append('"');
        config.append(",\"lr\":\"").append(String.format(Locale.ROOT, "%.3f", 0.001 * (1 + i % 10))).append('"');
        config.append(",\"batch_size\":\"").append(16 << (i % 5)).append('"');
        for (int p = 3; p < 20; p++) config.append(",\"p").append(p).append("\":\"v").append(i % (p + 2)).append('"');
        config.append('}');
        var tags = "{\"sweep\":\"s" + i % 10 + "\",\"team\":\"t" + i % 4 + "\",\"host\":\"h" + i % 32 + "\",\"git\":\"c"
                + Integer.toHexString(i % 1000) + "\",\"stage\":\"" + (i % 2 == 0 ? "train" : "eval") + "\"}";
        var body = http.ok("POST", "/api/v1/runs", "{\"experiment_id\":\"" + experimentId + "\",\"name\":\"run-" + i
                + "\",\"start_time_ms\":" + startMs + ",\"config\":" + config + ",\"tags\":" + tags + "}");
        var runId = JSON.readTree(body.body()).path("run_id").asText();
        var metrics = new StringBuilder("{\"metrics\":[");
        for (int m = 0; m < 10; m++) {
            if (m > 0) metrics.append(',');
            // Deterministic pseudo-random values in [0, 1), different per metric.
            double value = ((i * 2654435761L + m * 40503L) & 0xffff) / 65536.0;
            metrics.append("{\"key\":\"m").append(m).append("\",\"value\":").append(value).append(",\"step\":100,\"timestamp_ms\":")
                    .append(startMs + 60_000).append('}');
        }
        http.ok("POST", "/api/v1/runs/" + runId + "/metrics", metrics.append("]}").toString());
    }

    static void measureReads(SextantProcess server, String experimentId, Set<String> parts) throws Exception {
        try (var http = new HttpConnection(server.url())) {
            if (parts.contains("searches")) searches(server, http, experimentId);
            if (parts.contains("pages")) {
                pages(http, experimentId, null);
                pages(http, experimentId, "metrics.m5 DESC");
            }
            var times = new double[REPEATS];
            if (parts.contains("columns")) {
                for (int i = 0; i < REPEATS; i++) {
                    long t = System.nanoTime();
                    var response = http.send("GET", "/api/v1/experiments/" + experimentId + "/columns", null);
                    times[i] = (System.nanoTime() - t) / 1e6;
                    if (response.status() == 404) break;
                }
                print("column list (every param, metric and tag key)", times);
            }
            if (parts.contains("experiments")) {
                for (int i = 0; i < REPEATS; i++) {
                    long t = System.nanoTime();
                    http.ok("GET", "/api/v1/experiments", null);
                    times[i] = (System.nanoTime() - t) / 1e6;
                }
                print("experiment list with run counts", times);
            }
        }
    }

    /**
     * Each search 21 times: wall-clock p50/p95, and the server's CPU a request (JIT compiler threads left out), which
     * other work on a shared machine changes much less than the wall clock.
     */
    private static void searches(SextantProcess server, HttpConnection http, String experimentId) throws Exception {
        var searches = List.of(
                new Search("metric < + param = , order by metric (1 in 6 match)",
                        "metrics.m0 < 0.5 and params.optimizer = 'adam'", "metrics.m1 DESC", 100),
                new Search("param = + metric > , order by metric (1 in 100)",
                        "params.lr = '0.003' and metrics.m2 > 0.9", "metrics.m3 ASC", 100),
                new Search("metric filter matching all, order by metric",
                        "metrics.m0 >= 0", "metrics.m1 DESC", 100),
                new Search("runs table first page (start time, 200 runs)", "", null, 200),
                new Search("runs table first page ordered by a metric (200)", "", "metrics.m4 DESC", 200));
        // Untimed rounds of every search first (-Dbench.warmup=N, 0 by default as before): without them the first
        // search's requests also pay for the server's JIT warming up, which a long-running server paid long ago.
        for (int i = 0; i < WARMUP; i++) {
            for (var search : searches) http.ok("POST", "/api/v1/runs/search", search.body(experimentId, null));
        }
        for (var search : searches) {
            var times = new double[REPEATS];
            int found = 0;
            var cpuBefore = server.cpu();
            for (int i = 0; i < REPEATS; i++) {
                long t = System.nanoTime();
                var response = http.ok("POST", "/api/v1/runs/search", search.body(experimentId, null));
                times[i] = (System.nanoTime() - t) / 1e6;
                found = JSON.readTree(response.body()).path("runs").size();
            }
            var cpu = server.cpu().since(cpuBefore);
            double compiler = cpu.byThread().entrySet().stream().filter(e -> e.getKey().contains("Compiler"))
                    .mapToDouble(Map.Entry::getValue).sum();
            var stats = new Stats(times);
            System.out.printf(Locale.ROOT, "%-62s %8.1f ms p50 %8.1f ms p95 %7.1f ms server CPU a request%n",
                    "search: " + search.name() + " [" + found + " runs]", stats.median(), stats.percentile(95),
                    (cpu.totalSeconds() - compiler) * 1000 / REPEATS);
        }
    }

    /** Walks the whole experiment in pages of 5,000, as the runs table does after its first page. */
    private static void pages(HttpConnection http, String experimentId, String orderBy) throws Exception {
        var search = new Search("", "", orderBy, 5000);
        var times = new ArrayList<Double>();
        long runs = 0;
        String token = null;
        long begin = System.nanoTime();
        do {
            long t = System.nanoTime();
            var page = JSON.readTree(http.ok("POST", "/api/v1/runs/search", search.body(experimentId, token)).body());
            times.add((System.nanoTime() - t) / 1e6);
            runs += page.path("runs").size();
            token = page.hasNonNull("next_page_token") ? page.path("next_page_token").asText() : null;
        } while (token != null);
        var stats = new Stats(times.stream().mapToDouble(Double::doubleValue).toArray());
        System.out.printf(Locale.ROOT, "%-62s %8.1f ms p50 %8.1f ms max  (%,d runs in %d pages, %.1f s in all)%n",
                "every run in pages of 5,000" + (orderBy == null ? "" : ", order by " + orderBy), stats.median(),
                stats.percentile(100), runs, times.size(), (System.nanoTime() - begin) / 1e9);
    }

    private static void print(String what, double[] times) {
        var stats = new Stats(times);
        System.out.printf(Locale.ROOT, "%-62s %8.1f ms p50 %8.1f ms p95%n", what, stats.median(), stats.percentile(95));
    }

    private record Search(String name, String filter, String orderBy, int maxResults) {
        String body(String experimentId, String pageToken) {
            var json = new StringBuilder("{\"experiment_ids\":[\"").append(experimentId).append("\"],\"max_results\":")
                    .append(maxResults);
            if (!filter.isEmpty()) json.append(",\"filter\":\"").append(filter).append('"');
            if (orderBy != null) json.append(",\"order_by\":[\"").append(orderBy).append("\"]");
            if (pageToken != null) json.append(",\"page_token\":\"").append(pageToken).append('"');
            return json.append('}').toString();
        }
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
