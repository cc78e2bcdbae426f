package dev.sextant.server.chart;

import java.util.List;

/** Everything a chart shows: legend labels by run index, the x-axis label with its unit, and the panels. */
public record ChartInput(List<String> runLabels, String xLabel, List<MetricPanel> panels) {
    public ChartInput {
        runLabels = List.copyOf(runLabels);
        panels = List.copyOf(panels);
    }
}
