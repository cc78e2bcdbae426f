package dev.sextant.server.domain;

/** A run's points of one metric in step order (NaN points left out), for decisions over learning curves. */
public record MetricCurve(String runId, long[] steps, double[] values) {
    public MetricCurve {
        if (steps.length != values.length) throw new IllegalArgumentException("steps and values differ in length");
    }

    public int size() {
        return steps.length;
    }

    public long lastStep() {
        return steps.length == 0 ? -1 : steps[steps.length - 1];
    }
}
