package dev.sextant.server.store.sql;

/**
 * Running summary of a set of points: count, NaN count, min/max/sum of the non-NaN values (the sum starts
 * at 0 and is NaN only when infinities of both signs met), and the first and last point in the series'
 * order ({@link #compare}). The same shape summarises a series, an envelope chunk and an envelope bucket,
 * and two of them merge exactly, whatever order points arrive in. Not thread-safe.
 */
final class PointAggregate {
    long count;
    long nanCount;
    double min = Double.NaN;
    double max = Double.NaN;
    double sum;
    long firstStep;
    long firstTimestampMs;
    double firstValue;
    long lastStep;
    long lastTimestampMs;
    double lastValue;

    void add(long step, long timestampMs, double value) {
        if (Double.isNaN(value)) {
            nanCount++;
        } else {
            min = Double.isNaN(min) || value < min ? value : min;
            max = Double.isNaN(max) || value > max ? value : max;
            sum += value;
        }
        if (count == 0 || compare(step, timestampMs, value, firstStep, firstTimestampMs, firstValue) < 0) {
            firstStep = step;
            firstTimestampMs = timestampMs;
            firstValue = value;
        }
        if (count == 0 || compare(step, timestampMs, value, lastStep, lastTimestampMs, lastValue) > 0) {
            lastStep = step;
            lastTimestampMs = timestampMs;
            lastValue = value;
        }
        count++;
    }

    void merge(PointAggregate other) {
        if (other.count == 0) return;
        nanCount += other.nanCount;
        if (!Double.isNaN(other.min)) min = Double.isNaN(min) || other.min < min ? other.min : min;
        if (!Double.isNaN(other.max)) max = Double.isNaN(max) || other.max > max ? other.max : max;
        sum += other.sum;
        if (count == 0 || compare(other.firstStep, other.firstTimestampMs, other.firstValue,
                firstStep, firstTimestampMs, firstValue) < 0) {
            firstStep = other.firstStep;
            firstTimestampMs = other.firstTimestampMs;
            firstValue = other.firstValue;
        }
        if (count == 0 || compare(other.lastStep, other.lastTimestampMs, other.lastValue,
                lastStep, lastTimestampMs, lastValue) > 0) {
            lastStep = other.lastStep;
            lastTimestampMs = other.lastTimestampMs;
            lastValue = other.lastValue;
        }
        count += other.count;
    }

    /**
     * The order of a series' points, which decides first and last everywhere: step, then timestamp, then value
     * (MLflow's latest-metric rule), where a NaN counts as the 0 it is stored as and comes just after a real 0.
     * It is the primary-key order of metric_points, so the last point of the raw history is the last value.
     * {@link SummaryMerge} says the same in SQL.
     */
    static int compare(long stepA, long timestampA, double valueA, long stepB, long timestampB, double valueB) {
        if (stepA != stepB) return Long.compare(stepA, stepB);
        if (timestampA != timestampB) return Long.compare(timestampA, timestampB);
        double storedA = Double.isNaN(valueA) ? 0.0 : valueA;
        double storedB = Double.isNaN(valueB) ? 0.0 : valueB;
        if (storedA != storedB) return storedA < storedB ? -1 : 1; // not Double.compare: SQL has -0.0 = 0.0
        return Boolean.compare(Double.isNaN(valueA), Double.isNaN(valueB));
    }

    /** Mean of the non-NaN values; NaN when there are none. */
    double mean() {
        long values = count - nanCount;
        return values == 0 ? Double.NaN : sum / values;
    }
}
