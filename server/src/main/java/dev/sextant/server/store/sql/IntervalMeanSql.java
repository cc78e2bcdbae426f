package dev.sextant.server.store.sql;

import dev.sextant.server.domain.IntervalMean;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Only the count and mean of a series over consecutive step intervals, for group statistics, which need no
 * more: the same cover of whole chunks and edge points as {@link IntervalReadSql}, but the database sums them
 * per interval (GROUP BY), so a thousand intervals of four chunks each come back as a thousand rows.
 */
final class IntervalMeanSql {
    private static final int RANGES_PER_QUERY = 300;

    private IntervalMeanSql() {}

    private record Segment(int interval, long lo, long hi) {}

    /** Per interval: points, NaN points, sum of the others, and whether that sum is NaN. */
    private static final class Sums {
        final long[] count;
        final long[] nan;
        final double[] sum;
        final boolean[] sumIsNan;

        Sums(int n) {
            count = new long[n];
            nan = new long[n];
            sum = new double[n];
            sumIsNan = new boolean[n];
        }

        void add(int interval, long points, long nanPoints, double total, boolean totalIsNan) {
            count[interval] += points;
            nan[interval] += nanPoints;
            sum[interval] += total;
            sumIsNan[interval] |= totalIsNan;
        }
    }

    static Optional<List<IntervalMean>> means(Handle handle, String runId, String key, long[] starts, long lastStep) {
        return MetricReadSql.series(handle, runId, key).map(series -> read(handle, series, starts, lastStep));
    }

    private static List<IntervalMean> read(Handle handle, MetricReadSql.SeriesRow series, long[] starts, long lastStep) {
        var summary = series.summary();
        var result = new ArrayList<IntervalMean>();
        int first = IntervalReadSql.intervalOf(starts, lastStep, summary.firstStep);
        if (first >= 0 && first == IntervalReadSql.intervalOf(starts, lastStep, summary.lastStep)) {
            result.add(new IntervalMean(starts[first], summary.count, summary.mean()));
            return result;
        }
        var sums = new Sums(starts.length);
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < starts.length; i++) {
            long lo = Math.max(starts[i], summary.firstStep);
            long hi = Math.min(i + 1 < starts.length ? starts[i + 1] - 1 : lastStep, summary.lastStep);
            if (lo <= hi) segments.add(new Segment(i, lo, hi));
        }
        var levels = EnvelopeLevels.LEVELS;
        for (int l = levels.length - 1; l >= 0 && !segments.isEmpty(); l--) {
            if (levels[l] < series.minLevel()) break;
            segments = chunks(handle, series.seriesId(), levels[l], segments, sums);
        }
        points(handle, series.seriesId(), segments, sums);
        for (int i = 0; i < starts.length; i++) {
            if (sums.count[i] == 0) continue;
            long values = sums.count[i] - sums.nan[i];
            double mean = values == 0 || sums.sumIsNan[i] ? Double.NaN : sums.sum[i] / values;
            result.add(new IntervalMean(starts[i], sums.count[i], mean));
        }
        return result;
    }

    private static List<Segment> chunks(Handle handle, long seriesId, int level, List<Segment> segments, Sums sums) {
        long span = 1L << level;
        var left = new ArrayList<Segment>();
        var ranges = new ArrayList<long[]>();
        for (var segment : segments) {
            long firstChunk = -Math.floorDiv(-segment.lo(), span);
            long lastChunk = Math.floorDiv(segment.hi(), span) - (Math.floorMod(segment.hi(), span) == span - 1 ? 0 : 1);
            if (firstChunk > lastChunk) {
                left.add(segment);
                continue;
            }
            long coveredFrom = firstChunk * span;
            long coveredTo = (lastChunk + 1) * span - 1; // wraps back to Long.MAX_VALUE at the very top
            if (segment.lo() < coveredFrom) left.add(new Segment(segment.interval(), segment.lo(), coveredFrom - 1));
            if (segment.hi() > coveredTo) left.add(new Segment(segment.interval(), coveredTo + 1, segment.hi()));
            ranges.add(new long[] {firstChunk, lastChunk, segment.interval()});
        }
        left.sort((a, b) -> Long.compare(a.lo(), b.lo()));
        query(handle, ranges, """
                SELECT r.owner, SUM(c.point_count), SUM(c.nan_count), SUM(c.sum_value),
                       MAX(CASE WHEN c.sum_value IS NULL THEN 1 ELSE 0 END)
                  FROM r CROSS JOIN metric_chunks c
                 WHERE c.series_id = ? AND c.level = ? AND c.chunk_index BETWEEN r.lo AND r.hi
                 GROUP BY r.owner""", sums, seriesId, level);
        return left;
    }

    private static void points(Handle handle, long seriesId, List<Segment> segments, Sums sums) {
        var ranges = new ArrayList<long[]>();
        for (var segment : segments) ranges.add(new long[] {segment.lo(), segment.hi(), segment.interval()});
        query(handle, ranges, """
                SELECT r.owner, COUNT(*), SUM(p.is_nan), SUM(CASE WHEN p.is_nan = 1 THEN 0 ELSE p.value END), 0
                  FROM r CROSS JOIN metric_points p
                 WHERE p.series_id = ? AND p.step BETWEEN r.lo AND r.hi
                 GROUP BY r.owner""", sums, seriesId);
    }

    /** Runs {@code select} (which reads the CTE r(lo, hi, owner)) for the ranges, a few hundred at a time. */
    private static void query(Handle handle, List<long[]> ranges, String select, Sums sums, long... tail) {
        for (int offset = 0; offset < ranges.size(); offset += RANGES_PER_QUERY) {
            var batch = ranges.subList(offset, Math.min(ranges.size(), offset + RANGES_PER_QUERY));
            var sql = new StringBuilder("WITH r(lo, hi, owner) AS (VALUES ");
            for (int i = 0; i < batch.size(); i++) sql.append(i == 0 ? "" : ", ").append("(?, ?, ?)");
            var query = handle.createQuery(sql.append(") ").append(select).toString());
            int p = 0;
            for (var range : batch) query.bind(p++, range[0]).bind(p++, range[1]).bind(p++, range[2]);
            for (long value : tail) query.bind(p++, value);
            query.scanResultSet((supplier, ctx) -> {
                var rs = supplier.get();
                while (rs.next()) {
                    double total = rs.getDouble(4);
                    boolean totalIsNan = rs.wasNull() && rs.getLong(2) > rs.getLong(3) || rs.getInt(5) == 1;
                    sums.add((int) rs.getLong(1), rs.getLong(2), rs.getLong(3), totalIsNan ? 0 : total, totalIsNan);
                }
                return null;
            });
        }
    }
}
