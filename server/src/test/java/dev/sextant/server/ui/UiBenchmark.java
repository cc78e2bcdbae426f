package dev.sextant.server.ui;

import java.nio.file.Files;
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
 * page for 100 runs. Not part of the test suite (the class name does not end in Test); run it with
 * {@code ./mvnw -q -pl server -am test -Dtest=UiBenchmark -Dbench.points=100000}.
 */
class UiBenchmark {
    static final int TABLE_RUNS = Integer.getInteger("bench.runs", 10_000);
    static final int COMPARE_RUNS = Integer.getInteger("bench.compareRuns", 100);
    static final int POINTS = Integer.getInteger("bench.points", 100_000);
    static final int REPEATS = 3;

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
        try (var server = new SeededServer(dir.resolve("data"));
             var pool = new ClosingPool(Executors.newFixedThreadPool(4))) {
            long t0 = System.nanoTime();
            var tableExperiment = server.createExperiment("bench-table");
            long start = System.currentTimeMillis() - 86_400_000L;
            var seeding = new ArrayList<Future<?>>();
            for (int i = 0; i < TABLE_RUNS; i++) {
                int n = i;
                seeding.add(pool.executor.submit(() -> {
                    var config = Map.of("optimizer", Map.of("name", n % 3 == 0 ? "adam" : "sgd", "lr", 0.001 * (1 + n % 10)),
                            "model", Map.of("depth", 18 + n % 4 * 16, "dropout", n % 5 / 10.0), "seed", n);
                    var runId = server.createRun(tableExperiment, "run-" + n, start + n * 1000L, config, Map.of("sweep", "s" + n % 7));
                    server.ok("POST", "/api/v1/runs/" + runId + "/metrics", Map.of("metrics", List.of(
                            Map.of("key", "loss", "value", 1.0 / (1 + n % 97), "step", 10),
                            Map.of("key", "accuracy", "value", (n % 89) / 89.0, "step", 10),
                            Map.of("key", "val/loss", "value", 1.2 / (1 + n % 83), "step", 10))));
                }));
            }
            for (var f : seeding) f.get();
            System.out.printf("seeded %,d runs in %.1f s%n", TABLE_RUNS, (System.nanoTime() - t0) / 1e9);

            t0 = System.nanoTime();
            var compareExperiment = server.createExperiment("bench-compare");
            var compareIds = new ArrayList<String>();
            var futures = new ArrayList<Future<String>>();
            for (int i = 0; i < COMPARE_RUNS; i++) {
                int n = i;
                futures.add(pool.executor.submit(() -> {
                    var runId = server.createRun(compareExperiment, "curve-" + n, start, Map.of("lr", 0.0001 * (n + 1), "arm", n % 4), Map.of());
                    double rate = 3.0 / POINTS * (1 + n / 50.0);
                    server.logSeries(runId, "loss", 0, POINTS, start, step -> Math.exp(-rate * step) + 0.02 * Math.sin(step / 50.0 + n));
                    return runId;
                }));
            }
            for (var f : futures) compareIds.add(f.get());
            System.out.printf("seeded %d runs x %,d points in %.1f s%n", COMPARE_RUNS, POINTS, (System.nanoTime() - t0) / 1e9);

            try (var browser = new Browser(dir.resolve("chromium"), 1440, 900)) {
                browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", PROBE));
                var firstRow = new ArrayList<Double>();
                var allRows = new ArrayList<Double>();
                for (int i = 0; i < REPEATS; i++) {
                    browser.driver.get("about:blank");
                    browser.driver.get(server.baseUrl + "/#/experiments/" + tableExperiment);
                    browser.waitUpTo(Duration.ofSeconds(120)).until(d -> browser.js("return window.__bench.allRows") != null);
                    firstRow.add(((Number) browser.js("return window.__bench.firstRow")).doubleValue());
                    allRows.add(((Number) browser.js("return window.__bench.allRows")).doubleValue());
                }
                var rows = browser.driver.findElement(By.id("run-count")).getText();
                browser.screenshot("bench-table");
                System.out.printf("runs table (%s): first paint %s ms (median %.0f), all rows loaded %s ms (median %.0f)%n",
                        rows, rounded(firstRow), median(firstRow), rounded(allRows), median(allRows));

                var firstChart = new ArrayList<Double>();
                var charts = new ArrayList<Double>();
                var url = server.baseUrl + "/#/compare?runs=" + String.join(",", compareIds) + "&exp=" + compareExperiment;
                for (int i = 0; i < REPEATS; i++) {
                    browser.driver.get("about:blank");
                    browser.driver.get(url);
                    browser.waitUpTo(Duration.ofSeconds(120)).until(d -> browser.js("return window.__bench.charts") != null);
                    firstChart.add(((Number) browser.js("return window.__bench.firstChart")).doubleValue());
                    charts.add(((Number) browser.js("return window.__bench.charts")).doubleValue());
                }
                browser.screenshot("bench-compare");
                System.out.printf("compare %d runs x %,d points: chart drawn %s ms (median %.0f), page ready %s ms (median %.0f)%n",
                        COMPARE_RUNS, POINTS, rounded(firstChart), median(firstChart), rounded(charts), median(charts));

                // Issue 16: the same runs grouped by a param (4 groups), bands from the server's group statistics.
                var groupedFirst = new ArrayList<Double>();
                var grouped = new ArrayList<Double>();
                for (int i = 0; i < REPEATS; i++) {
                    browser.driver.get("about:blank");
                    browser.driver.get(url + "&group=params.arm&gband=ci95");
                    browser.waitUpTo(Duration.ofSeconds(120)).until(d -> browser.js("return window.__bench.charts") != null);
                    groupedFirst.add(((Number) browser.js("return window.__bench.firstChart")).doubleValue());
                    grouped.add(((Number) browser.js("return window.__bench.charts")).doubleValue());
                }
                browser.screenshot("bench-compare-grouped");
                System.out.printf("compare %d runs x %,d points grouped by params.arm (4 groups, 95%% CI): chart drawn %s ms (median %.0f), page ready %s ms (median %.0f)%n",
                        COMPARE_RUNS, POINTS, rounded(groupedFirst), median(groupedFirst), rounded(grouped), median(grouped));
            }
        }
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
