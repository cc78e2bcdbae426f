package dev.sextant.server.store.sql;

/**
 * Running summary of a set of points: count, NaN count, min/max/sum of the non-NaN values (the sum starts
 * at 0 and is NaN only when infinities of both signs met), and the
 * first and last point by (step, timestamp). The same shape summarises a series, an envelope chunk
 * and an envelope bucket, and two of them merge exactly. Not thread-safe.
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
        if (count == 0 || step < firstStep || (step == firstStep && timestampMs < firstTimestampMs)) {
            firstStep = step;
            firstTimestampMs = timestampMs;
            firstValue = value;
        }
        if (count == 0 || step > lastStep || (step == lastStep && timestampMs >= lastTimestampMs)) {
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
        if (count == 0 || other.firstStep < firstStep
                || (other.firstStep == firstStep && other.firstTimestampMs < firstTimestampMs)) {
            firstStep = other.firstStep;
            firstTimestampMs = other.firstTimestampMs;
            firstValue = other.firstValue;
        }
        if (count == 0 || other.lastStep > lastStep
                || (other.lastStep == lastStep && other.lastTimestampMs >= lastTimestampMs)) {
            lastStep = other.lastStep;
            lastTimestampMs = other.lastTimestampMs;
            lastValue = other.lastValue;
        }
        count += other.count;
    }

    /** Mean of the non-NaN values; NaN when there are none. */
    double mean() {
        long values = count - nanCount;
        return values == 0 ? Double.NaN : sum / values;
    }
}
