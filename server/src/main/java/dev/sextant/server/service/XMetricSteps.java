package dev.sextant.server.service;

import dev.sextant.server.error.SextantException;
import dev.sextant.server.store.TrackingStore;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * A run's x metric as a step function: at each step it logged, its latest value there (the last point in
 * (step, timestamp, value) order); a step in between takes the latest value at or before it. Read from every
 * raw point, because only the points themselves show that x never decreases.
 */
final class XMetricSteps {
    private final long[] steps;
    private final double[] values;

    private XMetricSteps(long[] steps, double[] values) {
        this.steps = steps;
        this.values = values;
    }

    /** The x metric of a run that has it; 400 naming the run when it is not a non-decreasing number. */
    static XMetricSteps read(TrackingStore store, String runId, String xKey) {
        var steps = new long[1024];
        var values = new double[1024];
        int n = 0;
        String token = null;
        do {
            var page = store.readPoints(runId, xKey, null, null, MetricService.MAX_RAW_PAGE, token);
            for (var point : page.items()) {
                if (n > 0 && steps[n - 1] == point.step()) {
                    values[n - 1] = point.value();
                    continue;
                }
                if (n == steps.length) {
                    steps = Arrays.copyOf(steps, n * 2);
                    values = Arrays.copyOf(values, n * 2);
                }
                steps[n] = point.step();
                values[n++] = point.value();
            }
            token = page.nextPageToken();
        } while (token != null);
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(values[i]) || (i > 0 && values[i] < values[i - 1])) {
                throw SextantException.invalid("x metric '" + xKey + "' of run " + runId + " must be non-decreasing in step, but "
                        + (Double.isNaN(values[i]) ? "it is NaN at step " + steps[i]
                        : "it is " + values[i] + " at step " + steps[i] + " after " + values[i - 1] + " at step " + steps[i - 1]));
            }
        }
        return new XMetricSteps(Arrays.copyOf(steps, n), Arrays.copyOf(values, n));
    }

    boolean isEmpty() {
        return steps.length == 0;
    }

    long firstStep() {
        return steps[0];
    }

    /** x at {@code step}: the value at the greatest logged step ≤ step; NaN before the first. */
    double valueAt(long step) {
        int index = Arrays.binarySearch(steps, step);
        if (index < 0) index = -index - 2;
        return index < 0 ? Double.NaN : values[index];
    }

    /** The smallest and largest finite x over the logged steps in [fromStep, toStep] (and the one in force at fromStep). */
    double[] finiteRange(long fromStep, long toStep) {
        double low = Double.NaN;
        double high = Double.NaN;
        int index = Arrays.binarySearch(steps, fromStep);
        if (index < 0) index = Math.max(0, -index - 2);
        for (int i = index; i < steps.length && steps[i] <= toStep; i++) {
            if (!Double.isFinite(values[i])) continue;
            if (Double.isNaN(low)) low = values[i];
            high = values[i];
        }
        return new double[] {low, high};
    }

    /**
     * The step intervals whose points fall into each bucket of {@code grid}: since x never decreases, every
     * bucket is one interval. {@code starts} are the interval starts, {@code buckets} the bucket of each (-1: none).
     */
    record Intervals(long[] starts, int[] buckets) {}

    Intervals intervals(ValueGrid grid) {
        var starts = new ArrayList<Long>();
        var buckets = new ArrayList<Integer>();
        for (int i = 0; i < steps.length; i++) {
            int bucket = grid.indexOf(values[i]);
            if (!buckets.isEmpty() && buckets.get(buckets.size() - 1) == bucket) continue;
            starts.add(steps[i]);
            buckets.add(bucket);
        }
        return new Intervals(starts.stream().mapToLong(Long::longValue).toArray(), buckets.stream().mapToInt(Integer::intValue).toArray());
    }
}
