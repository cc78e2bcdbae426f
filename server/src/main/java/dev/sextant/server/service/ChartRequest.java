package dev.sextant.server.service;

import java.util.List;

/**
 * A chart as the caller asked for it, before validation: option values are the raw strings (null when
 * absent); ChartService checks every one and names the parameter in its error. {@code colors} is empty or
 * one #rrggbb per run id, in the same order. {@code groupBy}, when not empty, draws one line per group of the
 * runs (see MetricService.groups) with {@code band} naming the band's kind.
 */
public record ChartRequest(ChartFormat format, List<String> runIds, List<String> keys, String x, String smoothing,
                           String logY, String band, String width, String height, String title, String theme,
                           List<String> colors, List<String> groupBy) {

    public enum ChartFormat { PNG, SVG }

    public ChartRequest {
        runIds = List.copyOf(runIds);
        keys = List.copyOf(keys);
        colors = colors == null ? List.of() : List.copyOf(colors);
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
    }

    /** A chart of runs, not groups. */
    public ChartRequest(ChartFormat format, List<String> runIds, List<String> keys, String x, String smoothing,
                        String logY, String band, String width, String height, String title, String theme,
                        List<String> colors) {
        this(format, runIds, keys, x, smoothing, logY, band, width, height, title, theme, colors, List.of());
    }
}
