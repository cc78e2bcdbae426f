package dev.sextant.server.chart;

import java.util.List;

/** One stacked panel: a metric key (the panel's y-axis label) and the series of every run that has it. */
public record MetricPanel(String key, List<ChartSeries> series) {
    public MetricPanel {
        series = List.copyOf(series);
    }
}
