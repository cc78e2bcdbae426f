package dev.sextant.server.domain;

/**
 * Summary of one metric series, kept up to date at write time. min/max/mean ignore NaN points
 * (they are NaN when every point is NaN); last is the point with the greatest (step, timestamp).
 */
public record MetricSummary(
        String key,
        long count,
        double min,
        double max,
        double mean,
        double first,
        long firstStep,
        double last,
        long lastStep,
        long lastTimestampMs,
        long minStep,
        long maxStep) {}
