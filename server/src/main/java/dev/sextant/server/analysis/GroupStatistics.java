package dev.sextant.server.analysis;

import java.util.Arrays;

/**
 * Statistics of one bucket of a group: the runs' values (one per run, each the run's mean over the bucket).
 * Non-finite values are not statistics: they are counted as {@code nanRuns} and left out. {@code std} is the
 * sample standard deviation (n − 1), {@code stderr = std / √n}, and the 95 % interval is
 * mean ± t(0.975, n − 1) · stderr; those four are null when n = 1, and every statistic is null when n = 0.
 */
public record GroupStatistics(int n, int nanRuns, Double mean, Double median, Double min, Double max, Double std,
                              Double stderr, Double ci95Low, Double ci95High) {

    /** The statistics of {@code values} (the array is not changed). */
    public static GroupStatistics of(double[] values) {
        // A plain loop and sort: a group read asks this for every bucket of every group (thousands of small arrays),
        // where a stream pipeline's setup cost more than the statistics.
        var finite = new double[values.length];
        int n = 0;
        for (double value : values) if (Double.isFinite(value)) finite[n++] = value;
        if (n < finite.length) finite = Arrays.copyOf(finite, n);
        Arrays.sort(finite);
        int nanRuns = values.length - n;
        if (n == 0) return new GroupStatistics(0, nanRuns, null, null, null, null, null, null, null, null);
        double mean = mean(finite);
        double median = n % 2 == 1 ? finite[n / 2] : (finite[n / 2 - 1] + finite[n / 2]) / 2;
        if (n == 1) return new GroupStatistics(1, nanRuns, mean, median, finite[0], finite[0], null, null, null, null);
        // Two passes: the sum of squared deviations from the mean, corrected by the rounding left in the mean.
        double squares = 0;
        double deviations = 0;
        for (double value : finite) {
            double d = value - mean;
            squares += d * d;
            deviations += d;
        }
        double variance = (squares - deviations * deviations / n) / (n - 1);
        double std = Math.sqrt(Math.max(0, variance));
        double stderr = std / Math.sqrt(n);
        double halfWidth = t975(n - 1) * stderr;
        return new GroupStatistics(n, nanRuns, mean, median, finite[0], finite[n - 1], std, stderr,
                mean - halfWidth, mean + halfWidth);
    }

    /** Mean without overflow for huge finite values: scaled when the plain sum would not be finite. */
    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) sum += value;
        if (Double.isFinite(sum)) return sum / values.length;
        double scaled = 0;
        for (double value : values) scaled += value / values.length;
        return scaled;
    }

    private static final double[] T975 = new double[101];

    static {
        for (int df = 1; df < T975.length; df++) T975[df] = StudentT.quantile(0.975, df);
    }

    /** t(0.975, df), tabulated up to 100 degrees of freedom (100 runs a group) and computed beyond. */
    static double t975(int df) {
        return df < T975.length ? T975[df] : StudentT.quantile(0.975, df);
    }
}
