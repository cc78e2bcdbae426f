package dev.sextant.server.store.sql;

import dev.sextant.server.domain.RawPoint;
import java.util.Comparator;

/**
 * The order and identity of points as metric_points' primary key has them: (step, timestamp, value, is_nan), a NaN
 * sorting as the value 0 with is_nan = 1, and values compared as SQL compares them (so −0.0 equals 0.0). Sealed
 * blocks keep their points in this order, and merging them with raw rows uses it, so every read path sees one order.
 */
final class PointOrder {
    private PointOrder() {}

    static final Comparator<RawPoint> COMPARATOR = (a, b) -> compare(a.step(), a.timestampMs(), a.value(),
            b.step(), b.timestampMs(), b.value());

    static int compare(long step, long timestampMs, double value, long otherStep, long otherTimestampMs, double otherValue) {
        int c = Long.compare(step, otherStep);
        if (c != 0) return c;
        c = Long.compare(timestampMs, otherTimestampMs);
        if (c != 0) return c;
        boolean nan = Double.isNaN(value);
        boolean otherNan = Double.isNaN(otherValue);
        double key = nan ? 0 : value;
        double otherKey = otherNan ? 0 : otherValue;
        if (key < otherKey) return -1;
        if (key > otherKey) return 1;
        return Boolean.compare(nan, otherNan);
    }
}
