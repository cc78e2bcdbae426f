package dev.sextant.server.chart;

/**
 * How to draw a chart. Sizes are pixels; {@code smoothing} is the EMA weight in [0, 1) applied to bucket
 * means; {@code title} may be null (no title). The caller validates the values a user sent.
 */
public record ChartOptions(XAxisKind x, double smoothing, boolean logY, boolean band, int widthPx, int heightPx,
                           String title, ChartTheme theme) {}
