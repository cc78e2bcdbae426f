package dev.sextant.server.domain;

/**
 * Exact summary of the points whose step falls in [startStep, endStep]. min/max/mean ignore NaN
 * points; first/last are the values at the smallest/greatest (step, timestamp) in the bucket.
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
