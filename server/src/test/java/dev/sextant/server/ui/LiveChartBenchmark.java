package dev.sextant.server.ui;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How soon a running run's chart shows points logged while the run page is open (bench/README.md): from the
 * moment the server has stored 180 new points to the chart's note saying so, five times, each on a fresh run.
 * RunPageUiTest checks that the chart grows; this measures how fast. Not part of the test suite (the class name
 * does not end in Test); run it with {@code bench/ui-bench.sh} or {@code -Dtest=LiveChartBenchmark}.
 */
class LiveChartBenchmark {
    static final int TRIALS = Integer.getInteger("bench.liveTrials", 5);

    @Test
    void live_chart_latency() throws Exception {
        var dir = Files.createTempDirectory("sextant-live-bench");
        try (var server = new SeededServer(dir.resolve("data"));
             var browser = new Browser(dir.resolve("chromium"), 1440, 900)) {
            var experimentId = server.createExperiment("live-bench");
            var seenAfterMs = new ArrayList<Long>();
            for (int trial = 0; trial < TRIALS; trial++) {
                long start = System.currentTimeMillis();
                var runId = server.createRun(experimentId, "live-" + trial, start, Map.of(), Map.of());
                server.logSeries(runId, "loss", 0, 20, start, step -> 1.0 / (1 + step));
                browser.driver.get("about:blank");
                browser.driver.get(server.baseUrl + "/#/runs/" + runId);
                var note = browser.waitFor("#metric-charts .chart-card[data-metric='loss'] .chart-note");
                browser.waitUpTo(Duration.ofSeconds(10)).until(d -> note.getText().equals("20 pts"));
                server.logSeries(runId, "loss", 20, 200, start, step -> 1.0 / (1 + step));
                long stored = System.nanoTime();
                browser.waitUpTo(Duration.ofSeconds(30)).pollingEvery(Duration.ofMillis(10))
                        .until(d -> note.getText().equals("200 pts"));
                seenAfterMs.add((System.nanoTime() - stored) / 1_000_000);
                server.finish(runId, System.currentTimeMillis());
            }
            System.out.printf("live run page: 180 new points shown %s ms after they were stored (median %d ms)%n",
                    seenAfterMs, median(seenAfterMs));
        }
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }
}
