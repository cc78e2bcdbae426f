package dev.sextant.server.service;

import dev.sextant.server.error.SextantException;

/**
 * What a metric is read against: its step, the time of each point (since the run's start, or the wall clock,
 * both in milliseconds), or another metric's value at each step ({@code metric:<key>}: the latest value that
 * metric has at or before the step).
 */
public record XAxis(Kind kind, String metricKey) {
    public enum Kind { STEP, RELATIVE_TIME, WALL_TIME, METRIC }

    public static final XAxis STEP = new XAxis(Kind.STEP, null);
    static final String METRIC_PREFIX = "metric:";

    /** Parses the wire form; null or empty is the step. A metric key is checked against {@code limits}. */
    public static XAxis parse(String text, Limits limits) {
        if (text == null || text.isEmpty() || text.equals("step")) return STEP;
        if (text.equals("relative_time")) return new XAxis(Kind.RELATIVE_TIME, null);
        if (text.equals("wall_time")) return new XAxis(Kind.WALL_TIME, null);
        if (text.startsWith(METRIC_PREFIX)) {
            var key = text.substring(METRIC_PREFIX.length());
            InputRules.key(limits, "x metric", key);
            return new XAxis(Kind.METRIC, key);
        }
        throw SextantException.invalid("x must be step, relative_time, wall_time or metric:<key>, got '"
                + SextantException.abbreviate(text, 80) + "'");
    }

    public String wireName() {
        return switch (kind) {
            case STEP -> "step";
            case RELATIVE_TIME -> "relative_time";
            case WALL_TIME -> "wall_time";
            case METRIC -> METRIC_PREFIX + metricKey;
        };
    }
}
