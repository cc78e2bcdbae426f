package dev.sextant.server.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Web UI timings in headless Chromium (bench/README.md): first paint of a 10,000-run table and the compare
 * page for 100 runs, each the median of {@code bench.repeats} fresh page loads. Not part of the test suite (the
 * class name does not end in Test); run it with {@code ./mvnw -q -pl server -am test -Dtest=UiBenchmark -Dbench.points=100000}.
 */
class UiBenchmark {
    static final int TABLE_RUNS = Integer.getInteger("bench.runs", 10_000);
    static final int COMPARE_RUNS = Integer.getInteger("bench.compareRuns", 100);
    static final int POINTS = Integer.getInteger("bench.points", 100_000);
    /** Page loads per measurement; the median is reported (single loads on a shared machine vary by ±50 %). */
    static final int REPEATS = Integer.getInteger("bench.repeats", 7);
    /** A folder to keep the seeded data in and reuse as it is on the next run (seeding takes minutes); temp if unset. */
    static final String DATA = System.getProperty("bench.data");
    /** false skips the grouped compare page (for a tree from before issue 16, whose server has no group API). */
    static final boolean GROUPED = Boolean.parseBoolean(System.getProperty("bench.grouped", "true"));

    /** Records, in page time (ms since navigation), when the first table row and the last compare chart appeared. */
    static final String PROBE = """
            window.__bench = {};
            new MutationObserver(() => {
              const b = window.__bench;
              if (!b.firstRow && document.querySelector('#runs-table tbody tr[data-run-id]')) b.firstRow = performance.now();
              const scroll = document.getElementById('runs-scroll');
              if (!b.allRows && scroll && scroll.dataset.state === 'ready') b.allRows = performance.now();
              if (!b.firstChart && document.querySelector('#compare-charts .chart-card canvas')) b.firstChart = performance.now();
              const grid = document.getElementById('compare-charts');
              if (!b.charts && grid && grid.dataset.state === 'ready') b.charts = performance.now();
            }).observe(document, { subtree: true, childList: true, attributes: true });
            """;

    @Test
    void web_ui_timings() throws Exception {
        var dir = Files.createTempDirectory("sextant-ui-bench");
        var data = DATA == null ? dir.resolve("data") : Path.of(DATA);
        var seededIds = data.resolve("bench-ids.txt");
        try (var server = new SeededServer(data.resolve("server"));
             var pool = new ClosingPool(Executors.newFixedThreadPool(4))) {
            List<String> ids; // table experiment, compare experiment, compare runs
            if (Files.exists(seededIds)) {
                ids = Files.readAllLines(seededIds);
                System.out.printf("reusing the runs seeded in %s%n", data);
            } else {
                ids = new ArrayList<>(List.of(seedTable(server, pool.executor), server.createExperiment("bench-compare")));
                ids.addAll(seedCompare(server, pool.executor, ids.get(1)));
                if (DATA != null) Files.write(seededIds, ids);
            }
            var tableExperiment = ids.get(0);
            var compareExperiment = ids.get(1);
            var compareIds = ids.subList(2, ids.size());

            try (var browser = new Browser(dir.resolve("chromium"), 1440, 900)) {
                browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", PROBE));
                var table = measure(browser, server.baseUrl + "/#/experiments/" + tableExperiment, "firstRow", "allRows");
                var rows = browser.driver.findElement(By.id("run-count")).getText();
                browser.screenshot("bench-table");
                System.out.printf("runs table (%s): first paint %s ms (median %.0f), all rows loaded %s ms (median %.0f)%n",
                        rows, rounded(table.first()), median(table.first()), rounded(table.last()), median(table.last()));

                var url = server.baseUrl + "/#/compare?runs=" + String.join(",", compareIds) + "&exp=" + compareExperiment;
                var compare = measure(browser, url, "firstChart", "charts");
                browser.screenshot("bench-compare");
                System.out.printf("compare %d runs x %,d points: chart drawn %s ms (median %.0f), page ready %s ms (median %.0f)%n",
                        compareIds.size(), POINTS, rounded(compare.first()), median(compare.first()), rounded(compare.last()), median(compare.last()));

                if (GROUPED) {
                    // Issue 16: the same runs grouped by a param (4 groups), bands from the server's group statistics.
                    var grouped = measure(browser, url + "&group=params.arm&gband=ci95", "firstChart", "charts");
                    browser.screenshot("bench-compare-grouped");
                    System.out.printf("compare %d runs x %,d points grouped by params.arm (4 groups, 95%% CI): chart drawn %s ms (median %.0f), page ready %s ms (median %.0f)%n",
                            compareIds.size(), POINTS, rounded(grouped.first()), median(grouped.first()), rounded(grouped.last()), median(grouped.last()));
                }
            }
        }
    }

    /** Page times of REPEATS fresh loads of url: when PROBE recorded {@code first} and {@code last}. */
    private static Timings measure(Browser browser, String url, String first, String last) {
        var timings = new Timings(new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < REPEATS; i++) {
            browser.driver.get("about:blank");
            browser.driver.get(url);
            browser.waitUpTo(Duration.ofSeconds(120)).until(d -> browser.js("return window.__bench." + last) != null);
            timings.first().add(((Number) browser.js("return window.__bench." + first)).doubleValue());
            timings.last().add(((Number) browser.js("return window.__bench." + last)).doubleValue());
        }
        return timings;
    }

    private record Timings(List<Double> first, List<Double> last) {}

    /** TABLE_RUNS runs with 5 params and 3 metrics each; returns the experiment's id. */
    private static String seedTable(SeededServer server, ExecutorService pool) throws Exception {
        long t0 = System.nanoTime();
        var experiment = server.createExperiment("bench-table");
        long start = System.currentTimeMillis() - 86_400_000L;
        var seeding = new ArrayList<Future<?>>();
        for (int i = 0; i < TABLE_RUNS; i++) {
            int n = i;
            seeding.add(pool.submit(() -> {
                var config = Map.of("optimizer", Map.of("name", n % 3 == 0 ? "adam" : "sgd", "lr", 0.001 * (1 + n % 10)),
                        "model", Map.of("depth", 18 + n % 4 * 16, "dropout", n % 5 / 10.0), "seed", n);
                var runId = server.createRun(experiment, "run-" + n, start + n * 1000L, config, Map.of("sweep", "s" + n % 7));
                server.ok("POST", "/api/v1/runs/" + runId + "/metrics", Map.of("metrics", List.of(
                        Map.of("key", "loss", "value", 1.0 / (1 + n % 97), "step", 10),
                        Map.of("key", "accuracy", "value", (n % 89) / 89.0, "step", 10),
                        Map.of("key", "val/loss", "value", 1.2 / (1 + n % 83), "step", 10))));
            }));
        }
        for (var f : seeding) f.get();
        System.out.printf("seeded %,d runs in %.1f s%n", TABLE_RUNS, (System.nanoTime() - t0) / 1e9);
        return experiment;
    }

    /** COMPARE_RUNS runs of POINTS points of loss each, param arm = n % 4 for grouping; returns their ids. */
    private static List<String> seedCompare(SeededServer server, ExecutorService pool, String experiment) throws Exception {
        long t0 = System.nanoTime();
        long start = System.currentTimeMillis() - 86_400_000L;
        var futures = new ArrayList<Future<String>>();
        for (int i = 0; i < COMPARE_RUNS; i++) {
            int n = i;
            futures.add(pool.submit(() -> {
                var runId = server.createRun(experiment, "curve-" + n, start, Map.of("lr", 0.0001 * (n + 1), "arm", n % 4), Map.of());
                double rate = 3.0 / POINTS * (1 + n / 50.0);
                server.logSeries(runId, "loss", 0, POINTS, start, step -> Math.exp(-rate * step) + 0.02 * Math.sin(step / 50.0 + n));
                return runId;
            }));
        }
        var ids = new ArrayList<String>();
        for (var f : futures) ids.add(f.get());
        System.out.printf("seeded %d runs x %,d points in %.1f s%n", COMPARE_RUNS, POINTS, (System.nanoTime() - t0) / 1e9);
        return ids;
    }

    private static List<Long> rounded(List<Double> values) {
        return values.stream().map(Math::round).toList();
    }

    private static double median(List<Double> values) {
        var sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private record ClosingPool(ExecutorService executor) implements AutoCloseable {
        @Override
        public void close() {
            executor.shutdownNow();
        }
    }
}
