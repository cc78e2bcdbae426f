package dev.sextant.server.domain;

/**
 * Summary of one metric series, kept up to date at write time. min/max/mean ignore NaN points
 * (they are NaN when every point is NaN); first/last are the least/greatest points
 * in (step, timestamp, value) order, a NaN counting as 0 just after a real 0 (MLflow's latest-metric rule), so
 * firstStep..lastStep is the series' step extent.
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
        long lastTimestampMs) {}
