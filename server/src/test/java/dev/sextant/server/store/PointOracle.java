package dev.sextant.server.store;

import dev.sextant.server.domain.EnvelopeBucket;
import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.domain.RawPoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/** Brute-force answers over an in-memory copy of a series, to check what the store computes cleverly. */
final class PointOracle {
    /** The store's raw order: step, timestamp, value (NaN is stored as 0 with a flag that sorts after it). */
    static final Comparator<RawPoint> RAW_ORDER = Comparator.comparingLong(RawPoint::step)
            .thenComparingLong(RawPoint::timestampMs)
            .thenComparingDouble(p -> Double.isNaN(p.value()) ? 0.0 : p.value())
            .thenComparingInt(p -> Double.isNaN(p.value()) ? 1 : 0);

    private final List<RawPoint> points;

    PointOracle(Collection<MetricPoint> logged) {
        var distinct = new LinkedHashSet<RawPoint>();
        for (var point : logged) distinct.add(new RawPoint(point.step(), point.timestampMs(), point.value()));
        points = new ArrayList<>(distinct);
        points.sort(RAW_ORDER);
    }

    List<RawPoint> points() {
        return points;
    }

    List<RawPoint> between(long fromStep, long toStep) {
        if (fromStep > toStep) return List.of();
        return points.subList(firstIndexAtOrAfter(fromStep), toStep == Long.MAX_VALUE ? points.size() : firstIndexAtOrAfter(toStep + 1));
    }

    private int firstIndexAtOrAfter(long step) {
        int low = 0;
        int high = points.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (points.get(middle).step() < step) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    /** The exact bucket for [startStep, endStep]; mean is compared separately (summation order differs). */
    EnvelopeBucket bucket(long startStep, long endStep) {
        long count = 0;
        double min = Double.NaN;
        double max = Double.NaN;
        RawPoint first = null;
        RawPoint last = null;
        for (var p : between(startStep, endStep)) {
            count++;
            if (!Double.isNaN(p.value())) {
                min = Double.isNaN(min) ? p.value() : Math.min(min, p.value());
                max = Double.isNaN(max) ? p.value() : Math.max(max, p.value());
            }
            if (first == null) first = p;
            last = p;
        }
        if (first == null) return null;
        return new EnvelopeBucket(startStep, endStep, count, min, max, mean(startStep, endStep), first.step(),
                first.timestampMs(), first.value(), last.step(), last.timestampMs(), last.value());
    }

    double mean(long startStep, long endStep) {
        double sum = 0;
        long values = 0;
        for (var p : between(startStep, endStep)) {
            if (Double.isNaN(p.value())) continue;
            sum += p.value();
            values++;
        }
        return values == 0 ? Double.NaN : sum / values;
    }
}
