package dev.sextant.server.chart;

import dev.sextant.server.domain.MetricGroups;
import dev.sextant.server.domain.XEnvelope;
import java.awt.Color;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chart series from group statistics (one line per group at the bucket means, the band of the chosen kind) and
 * from envelopes over an x metric (one line per run, min/max band). x is each bucket's middle.
 */
public final class GroupSeries {
    /** What a group's band spans. */
    public enum Band { NONE, MINMAX, STD, STDERR, CI95 }

    private GroupSeries() {}

    /** The legend label of a group: its values (a missing one as "(none)"), joined as the web UI shows them. */
    public static String label(MetricGroups.Group group) {
        if (group.group().isEmpty()) return "all runs";
        var parts = new ArrayList<String>();
        group.group().forEach((key, value) -> parts.add(shortKey(key) + "=" + (value == null ? "(none)" : value)));
        return String.join(", ", parts);
    }

    private static String shortKey(String key) {
        for (var prefix : new String[] {"params.", "config.", "tags.", "attributes."}) if (key.startsWith(prefix)) return key.substring(prefix.length());
        return key;
    }

    /**
     * Distinct colours for groups in their order: each label hashed into the palette as a run id is, and a label
     * whose colour is taken gets the next free one. web/js/grouping/group-colors.js does the same.
     */
    public static List<Color> colors(List<String> labels) {
        var used = new HashSet<Integer>();
        var colors = new ArrayList<Color>();
        for (var label : labels) {
            int index = Palette.indexOf(label);
            for (int tries = 0; tries < Palette.HEX.size() && used.contains(index); tries++) index = (index + 1) % Palette.HEX.size();
            used.add(index);
            colors.add(Palette.color(index));
        }
        return colors;
    }

    /** One panel per key; groups are matched across keys by label (a group missing from a key has no line there). */
    public static ChartInput groups(Map<String, MetricGroups> byKey, Band band, ChartOptions options, String xLabel) {
        var labels = new LinkedHashMap<String, Integer>();
        byKey.values().forEach(groups -> groups.groups().forEach(g -> labels.putIfAbsent(label(g), labels.size())));
        var panels = new ArrayList<MetricPanel>();
        byKey.forEach((key, groups) -> {
            var series = new ArrayList<ChartSeries>();
            for (var group : groups.groups()) series.add(groupSeries(group, labels.get(label(group)), band, options));
            panels.add(new MetricPanel(key, series));
        });
        var names = new ArrayList<String>();
        for (var entry : labels.entrySet()) {
            var runs = 0;
            for (var groups : byKey.values()) {
                for (var g : groups.groups()) if (label(g).equals(entry.getKey())) runs = Math.max(runs, g.runIds().size());
            }
            names.add(entry.getKey() + " (" + runs + (runs == 1 ? " run)" : " runs)"));
        }
        return new ChartInput(names, colors(List.copyOf(labels.keySet())), xLabel, panels);
    }

    private static ChartSeries groupSeries(MetricGroups.Group group, int index, Band band, ChartOptions options) {
        int n = group.buckets().size();
        double[] x = new double[n];
        double[] y = new double[n];
        double[] low = new double[n];
        double[] high = new double[n];
        for (int i = 0; i < n; i++) {
            var b = group.buckets().get(i);
            x[i] = (b.xStart().doubleValue() + b.xEnd().doubleValue()) / 2;
            y[i] = plottable(b.mean(), options.logY());
            Double lo = null;
            Double hi = null;
            switch (band) {
                case MINMAX -> { lo = b.min(); hi = b.max(); }
                case STD -> { lo = minus(b.mean(), b.std()); hi = plus(b.mean(), b.std()); }
                case STDERR -> { lo = minus(b.mean(), b.stderr()); hi = plus(b.mean(), b.stderr()); }
                case CI95 -> { lo = b.ci95Low(); hi = b.ci95High(); }
                case NONE -> { }
            }
            low[i] = plottable(lo, options.logY());
            high[i] = plottable(hi, options.logY());
        }
        if (options.smoothing() > 0) y = EnvelopeSeries.smooth(y, options.smoothing());
        return new ChartSeries(index, x, y, low, high);
    }

    /** One line per run over its x metric, with the min/max band. */
    public static ChartInput byMetric(List<String> runLabels, List<Color> runColors, Map<String, Integer> runIndex,
                                      Map<String, List<XEnvelope>> byKey, ChartOptions options, String xLabel) {
        var panels = new ArrayList<MetricPanel>();
        byKey.forEach((key, envelopes) -> {
            var series = new ArrayList<ChartSeries>();
            for (var envelope : envelopes) {
                int n = envelope.buckets().size();
                double[] x = new double[n];
                double[] y = new double[n];
                double[] low = new double[n];
                double[] high = new double[n];
                for (int i = 0; i < n; i++) {
                    var b = envelope.buckets().get(i);
                    x[i] = (b.xStart() + b.xEnd()) / 2;
                    y[i] = plottable(b.mean(), options.logY());
                    low[i] = plottable(b.min(), options.logY());
                    high[i] = plottable(b.max(), options.logY());
                }
                if (options.smoothing() > 0) y = EnvelopeSeries.smooth(y, options.smoothing());
                series.add(new ChartSeries(runIndex.get(envelope.runId()), x, y, low, high));
            }
            panels.add(new MetricPanel(key, series));
        });
        return new ChartInput(runLabels, runColors, xLabel, panels);
    }

    private static Double minus(Double mean, Double spread) {
        return mean == null || spread == null ? null : mean - spread;
    }

    private static Double plus(Double mean, Double spread) {
        return mean == null || spread == null ? null : mean + spread;
    }

    private static double plottable(Double value, boolean logY) {
        if (value == null || !Double.isFinite(value) || (logY && value <= 0)) return Double.NaN;
        return value;
    }
}
