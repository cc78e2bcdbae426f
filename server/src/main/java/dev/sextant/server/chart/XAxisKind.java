package dev.sextant.server.chart;

/**
 * What the horizontal axis shows: the step, time since the run's first point, the wall clock (UTC), or another
 * metric's value (x = metric:&lt;key&gt;, drawn by {@link GroupSeries}).
 */
public enum XAxisKind {
    STEP, RELATIVE_TIME, WALL_TIME, METRIC
}
