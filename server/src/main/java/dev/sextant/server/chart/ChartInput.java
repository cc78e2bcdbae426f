package dev.sextant.server.chart;

import java.awt.Color;
import java.util.List;

/**
 * Everything a chart shows: legend labels and line colours by run index, the x-axis label with its unit, and
 * the panels.
 */
public record ChartInput(List<String> runLabels, List<Color> runColors, String xLabel, List<MetricPanel> panels) {
    public ChartInput {
        runLabels = List.copyOf(runLabels);
        runColors = List.copyOf(runColors);
        if (runColors.size() != runLabels.size()) throw new IllegalArgumentException("one colour per run label");
        panels = List.copyOf(panels);
    }
}
