package dev.sextant.server.chart;

/** What the horizontal axis shows: the step, time since the run's first point, or the wall clock (UTC). */
public enum XAxisKind {
    STEP, RELATIVE_TIME, WALL_TIME
}
