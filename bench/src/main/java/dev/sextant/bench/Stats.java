package dev.sextant.bench;

import java.util.Arrays;

/** Percentiles of a set of timings. */
final class Stats {
    private final double[] sorted;

    Stats(double[] samples) {
        sorted = samples.clone();
        Arrays.sort(sorted);
    }

    double percentile(double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    double median() {
        return percentile(50);
    }
}
