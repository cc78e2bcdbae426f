package dev.sextant.server.domain;

/**
 * Exact summary of the points whose step falls in [startStep, endStep]. min/max/mean ignore NaN
 * points; first/last are the least/greatest points in (step, timestamp, value) order, a NaN counting as 0 just after a real 0.
 */
public record EnvelopeBucket(
        long startStep,
        long endStep,
        long count,
        double min,
        double max,
        double mean,
        long firstStep,
        long firstTimestampMs,
        double first,
        long lastStep,
        long lastTimestampMs,
        double last) {}
