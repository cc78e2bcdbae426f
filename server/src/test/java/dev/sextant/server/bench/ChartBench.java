package dev.sextant.server.bench;

import dev.sextant.server.chart.EnvelopeSeries;
import dev.sextant.server.chart.MetricChart;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Render time of a 1200×600 PNG of 10 runs × 1,000,000 points (and of 10 runs × 1,000 for comparison),
 * through ChartService in-process: run look-up, envelopes, drawing and PNG encoding. Points go straight
 * into the SQLite store in 100k batches. Usage: bench/chart-render.sh [runs] [points] [renders].
 */
public final class ChartBench {
    public static void main(String[] args) throws Exception {
        int runCount = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        long points = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        int renders = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        var dir = Files.createTempDirectory("sextant-chart-bench");
        try (var fixture = new ChartFixture(dir.resolve("bench.db"))) {
            var large = load(fixture, runCount, points, "large");
            var small = load(fixture, runCount, 1_000, "small");
            measure(fixture, large, runCount + " runs x " + points + " points", renders);
            measure(fixture, small, runCount + " runs x 1000 points", renders);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static List<String> load(ChartFixture fixture, int runCount, long points, String prefix) {
        long start = System.nanoTime();
        var runIds = new ArrayList<String>();
        for (int r = 0; r < runCount; r++) {
            var runId = fixture.createRun(prefix + "-" + r);
            double rate = 3.0 / points * (1 + r * 0.3);
            fixture.log(runId, "train/loss", points, step -> 0.1 + 2 * Math.exp(-step * rate) + 0.05 * Math.sin(step * 0.37));
            runIds.add(runId);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("loaded %d runs x %d points in %.1f s (%.0f points/s)%n", runCount, points, seconds,
                runCount * points / seconds);
        return runIds;
    }

    private static void measure(ChartFixture fixture, List<String> runIds, String label, int renders) {
        var request = ChartFixture.png(runIds, List.of("train/loss"), "width=1200&height=600&band=true");
        long coldStart = System.nanoTime();
        int bytes = fixture.render(request).length;
        double coldMs = (System.nanoTime() - coldStart) / 1e6;
        for (int i = 0; i < 5; i++) fixture.render(request);
        double[] timesMs = new double[renders];
        for (int i = 0; i < renders; i++) {
            long start = System.nanoTime();
            fixture.render(request);
            timesMs[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(timesMs);
        double[] envelopeMs = new double[renders];
        double[] pngMs = new double[renders];
        var plan = fixture.charts.plan(request);
        for (int i = 0; i < renders; i++) {
            long start = System.nanoTime();
            var envelopes = new LinkedHashMap<String, List<dev.sextant.server.domain.Envelope>>();
            envelopes.put("train/loss", fixture.metrics.envelopes(runIds, List.of("train/loss"), 1200, null, null));
            long read = System.nanoTime();
            var index = new HashMap<String, Integer>();
            for (int r = 0; r < runIds.size(); r++) index.put(runIds.get(r), r);
            var colors = plan.colors().stream().map(java.awt.Color::decode).toList();
            var input = EnvelopeSeries.input(runIds, colors, index, envelopes, plan.options());
            MetricChart.png(input, plan.options());
            envelopeMs[i] = (read - start) / 1e6;
            pngMs[i] = (System.nanoTime() - read) / 1e6;
        }
        Arrays.sort(envelopeMs);
        Arrays.sort(pngMs);
        System.out.printf("  of which: envelopes p50 %.0f ms (min %.0f), draw + PNG encode p50 %.0f ms (min %.0f)%n",
                percentile(envelopeMs, 50), envelopeMs[0], percentile(pngMs, 50), pngMs[0]);
        System.out.printf("%s, 1200x600 PNG with band (%d bytes): first %.0f ms, warm p50 %.0f ms, p95 %.0f ms, min %.0f ms over %d renders%n",
                label, bytes, coldMs, percentile(timesMs, 50), percentile(timesMs, 95), timesMs[0], renders);
    }

    private static double percentile(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
