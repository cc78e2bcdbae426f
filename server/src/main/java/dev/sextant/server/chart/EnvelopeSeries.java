package dev.sextant.server.chart;

import dev.sextant.server.domain.Envelope;
import dev.sextant.server.domain.EnvelopeBucket;
import java.awt.Color;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns envelopes into chart series: one point per bucket at the bucket's mean, the band from its
 * min/max, x from its steps or timestamps, and the EMA smoothing. Never sees raw points.
 */
public final class EnvelopeSeries {
    private static final long SECOND_MS = 1000;
    private static final long MINUTE_MS = 60 * SECOND_MS;
    private static final long HOUR_MS = 60 * MINUTE_MS;

    private EnvelopeSeries() {}

    /**
     * @param runLabels   legend labels, in run order
     * @param runColors   line colours, in run order
     * @param runIndex    a run id's position in {@code runLabels}
     * @param envelopes   per metric key (panel order), the envelopes of the runs that have that key
     */
    public static ChartInput input(List<String> runLabels, List<Color> runColors, Map<String, Integer> runIndex,
                                   Map<String, List<Envelope>> envelopes, ChartOptions options) {
        var origins = origins(envelopes);
        long timeUnitMs = options.x() == XAxisKind.RELATIVE_TIME ? relativeUnitMs(envelopes, origins) : 1;
        var panels = new ArrayList<MetricPanel>();
        envelopes.forEach((key, list) -> {
            var series = new ArrayList<ChartSeries>();
            for (var envelope : list) {
                long origin = options.x() == XAxisKind.RELATIVE_TIME ? origins.get(envelope.runId()) : 0;
                series.add(series(envelope, runIndex.get(envelope.runId()), options, origin, timeUnitMs));
            }
            panels.add(new MetricPanel(key, series));
        });
        return new ChartInput(runLabels, runColors, xLabel(options.x(), timeUnitMs), panels);
    }

    private static ChartSeries series(Envelope envelope, int runIndex, ChartOptions options, long originMs, long unitMs) {
        var buckets = envelope.buckets();
        int n = buckets.size();
        double[] x = new double[n];
        double[] y = new double[n];
        double[] low = new double[n];
        double[] high = new double[n];
        for (int i = 0; i < n; i++) {
            var bucket = buckets.get(i);
            x[i] = switch (options.x()) {
                case STEP, METRIC -> (bucket.firstStep() + (double) bucket.lastStep()) / 2;
                case WALL_TIME -> middleTimeMs(bucket);
                case RELATIVE_TIME -> (middleTimeMs(bucket) - originMs) / unitMs;
            };
            y[i] = plottable(bucket.mean(), options.logY());
            low[i] = plottable(bucket.min(), options.logY());
            high[i] = plottable(bucket.max(), options.logY());
        }
        if (options.smoothing() > 0) y = smooth(y, options.smoothing());
        return new ChartSeries(runIndex, x, y, low, high);
    }

    private static double middleTimeMs(EnvelopeBucket bucket) {
        return (bucket.firstTimestampMs() + (double) bucket.lastTimestampMs()) / 2;
    }

    /** NaN and ±Infinity cannot be drawn, nor can values <= 0 on a log axis: they become gaps. */
    private static double plottable(double value, boolean logY) {
        if (!Double.isFinite(value) || (logY && value <= 0)) return Double.NaN;
        return value;
    }

    /** TensorBoard's debiased EMA: the first points are not pulled towards zero; gaps stay gaps. */
    static double[] smooth(double[] values, double weight) {
        double[] smoothed = new double[values.length];
        double last = 0;
        int accumulated = 0;
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                smoothed[i] = Double.NaN;
                continue;
            }
            last = last * weight + (1 - weight) * values[i];
            accumulated++;
            smoothed[i] = last / (1 - Math.pow(weight, accumulated));
        }
        return smoothed;
    }

    /** Relative time starts at each run's first logged point among the charted keys. */
    private static Map<String, Long> origins(Map<String, List<Envelope>> envelopes) {
        var origins = new HashMap<String, Long>();
        envelopes.values().forEach(list -> list.forEach(envelope -> envelope.buckets().forEach(bucket ->
                origins.merge(envelope.runId(), bucket.firstTimestampMs(), Math::min))));
        return origins;
    }

    /** Seconds, minutes or hours, whichever keeps the longest run's tick labels short. */
    private static long relativeUnitMs(Map<String, List<Envelope>> envelopes, Map<String, Long> origins) {
        long longest = 0;
        for (var list : envelopes.values()) {
            for (var envelope : list) {
                for (var bucket : envelope.buckets()) {
                    longest = Math.max(longest, bucket.lastTimestampMs() - origins.get(envelope.runId()));
                }
            }
        }
        if (longest >= 3 * HOUR_MS) return HOUR_MS;
        if (longest >= 3 * MINUTE_MS) return MINUTE_MS;
        return SECOND_MS;
    }

    private static String xLabel(XAxisKind x, long unitMs) {
        return switch (x) {
            case STEP -> "Step";
            case METRIC -> "x";
            case WALL_TIME -> "Wall time (UTC)";
            case RELATIVE_TIME -> "Relative time (" + (unitMs == HOUR_MS ? "h" : unitMs == MINUTE_MS ? "min" : "s") + ")";
        };
    }
}
