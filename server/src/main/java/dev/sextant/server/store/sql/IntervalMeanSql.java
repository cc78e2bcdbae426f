package dev.sextant.server.store.sql;

import dev.sextant.server.domain.IntervalMean;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Only the count and mean of a series over consecutive step intervals, for group statistics, which need no
 * more: the same cover of whole chunks and edge points as {@link IntervalReadSql}, reading four columns of each
 * chunk (merged ranges, one index scan per level for a shared grid) and one of each edge point. Everything is summed
 * here, in Java, never by SQL: PostgreSQL's SUM fails past the largest double where Java gives ±∞, as the write path
 * does (a chunk sum is saturated there), and on SQLite a GROUP BY per bucket sorted the chunk rows, which measured
 * slower than sending them all.
 */
final class IntervalMeanSql {
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

    /**
     * {@link #means} of many runs' series on one grid in one read. The handle keeps its statements between the runs
     * ({@link StatementCache}): each run asks the same few statements, and preparing them again for every run
     * measured as much as a fifth of a group read. The runs' series rows are one query. Runs without the series are
     * left out.
     */
    static Map<String, List<IntervalMean>> means(Handle handle, List<String> runIds, String key, long[] starts, long lastStep) {
        var previous = handle.getStatementBuilder();
        if (previous instanceof StatementCache) return meansOf(handle, runIds, key, starts, lastStep);
        var cache = new StatementCache();
        handle.setStatementBuilder(cache);
        try {
            return meansOf(handle, runIds, key, starts, lastStep);
        } finally {
            // Closed here, not left to the handle: a handle closes only the builder it was opened with.
            handle.setStatementBuilder(previous);
            cache.close(handle.getConnection());
        }
    }

    private static Map<String, List<IntervalMean>> meansOf(Handle handle, List<String> runIds, String key, long[] starts, long lastStep) {
        var series = MetricReadSql.series(handle, runIds, key);
        var result = new LinkedHashMap<String, List<IntervalMean>>();
        for (var runId : runIds) {
            var row = series.get(runId);
            if (row != null) result.put(runId, read(handle, row, starts, lastStep));
        }
        return result;
    }

    private static List<IntervalMean> read(Handle handle, MetricReadSql.SeriesRow series, long[] starts, long lastStep) {
        var summary = series.summary();
        var result = new ArrayList<IntervalMean>(starts.length);
        int first = IntervalReadSql.intervalOf(starts, lastStep, summary.firstStep);
        if (first >= 0 && first == IntervalReadSql.intervalOf(starts, lastStep, summary.lastStep)) {
            result.add(new IntervalMean(starts[first], summary.count, summary.mean()));
            return result;
        }
        var sums = new Sums(starts.length);
        List<Segment> segments = new ArrayList<>(starts.length);
        long longest = 0;
        for (int i = 0; i < starts.length; i++) {
            long lo = Math.max(starts[i], summary.firstStep);
            long hi = Math.min(i + 1 < starts.length ? starts[i + 1] - 1 : lastStep, summary.lastStep);
            if (lo <= hi) {
                segments.add(new Segment(i, lo, hi));
                longest = Math.max(longest, hi - lo);
            }
        }
        var levels = EnvelopeLevels.LEVELS;
        for (int l = levels.length - 1; l >= 0 && !segments.isEmpty(); l--) {
            if (levels[l] < series.minLevel()) break;
            // A level whose chunk is longer than every segment holds none of them whole (most levels of a fine grid).
            if (levels[l] < 63 && (1L << levels[l]) - 1 > longest) continue;
            segments = chunks(handle, series.seriesId(), levels[l], segments, starts, lastStep, sums);
        }
        points(handle, series, segments, sums);
        for (int i = 0; i < starts.length; i++) {
            if (sums.count[i] == 0) continue;
            long values = sums.count[i] - sums.nan[i];
            double mean = values == 0 || sums.sumIsNan[i] ? Double.NaN : sums.sum[i] / values;
            result.add(new IntervalMean(starts[i], sums.count[i], mean));
        }
        return result;
    }

    private static List<Segment> chunks(Handle handle, long seriesId, int level, List<Segment> segments, long[] starts,
                                        long lastStep, Sums sums) {
        long span = 1L << level;
        var left = new ArrayList<Segment>(segments.size());
        var ranges = new ArrayList<long[]>();
        for (var segment : segments) {
            // A segment shorter than a chunk holds no whole one (most segments at most levels: skip the arithmetic).
            if (segment.hi() - segment.lo() < span - 1) {
                left.add(segment);
                continue;
            }
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
            // Neighbouring intervals' chunks are one range: a shared grid is then one index scan per level.
            var last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && last[1] + 1 == firstChunk) last[1] = lastChunk;
            else ranges.add(new long[] {firstChunk, lastChunk});
        }
        if (ranges.isEmpty()) return segments;
        left.sort((a, b) -> Long.compare(a.lo(), b.lo()));
        long[] owner = {-1, Long.MIN_VALUE}; // the current chunk's interval and its last step
        RangeQuery.Rows row = rs -> {
            long chunkStart = rs.getLong(1) * span;
            // Rows come in chunk order: look the interval up only when a chunk passes the current one's end, and
            // first try the next interval (on a grid of one chunk a bucket, every row starts the next one).
            if (owner[0] < 0 || chunkStart > owner[1] || chunkStart < starts[(int) owner[0]]) {
                int next = (int) owner[0] + 1;
                if (owner[0] >= 0 && next < starts.length && chunkStart >= starts[next]
                        && (next + 1 == starts.length ? chunkStart <= lastStep : chunkStart < starts[next + 1])) {
                    owner[0] = next;
                } else {
                    owner[0] = IntervalReadSql.intervalOf(starts, lastStep, chunkStart);
                }
                owner[1] = owner[0] + 1 < starts.length ? starts[(int) owner[0] + 1] - 1 : lastStep;
            }
            long points = rs.getLong(2);
            long nanPoints = rs.getLong(3);
            double total = rs.getDouble(4);
            // The driver answers 0 for NULL (a sum that is NaN): ask whether it was NULL only then, one call fewer a row.
            boolean totalIsNan = total == 0 && rs.wasNull() && points > nanPoints;
            sums.add((int) owner[0], points, nanPoints, totalIsNan ? 0 : total, totalIsNan);
        };
        if (ranges.size() == 1) {
            oneRange(handle, seriesId, level, ranges.get(0), row);
        } else {
            RangeQuery.forEach(handle, "lo, hi", ranges, """
                    SELECT c.chunk_index, c.point_count, c.nan_count, c.sum_value FROM r CROSS JOIN metric_chunks c
                     WHERE c.series_id = ? AND c.level = ? AND c.chunk_index BETWEEN r.lo AND r.hi""",
                    new long[] {seriesId, level}, row);
        }
        return left;
    }

    /** A shared grid's chunks at one level are one range: one plain statement, without the VALUES list. */
    private static void oneRange(Handle handle, long seriesId, int level, long[] range, RangeQuery.Rows row) {
        try {
            StatementCache.with(handle, """
                    SELECT chunk_index, point_count, nan_count, sum_value FROM metric_chunks
                     WHERE series_id = ? AND level = ? AND chunk_index BETWEEN ? AND ?""", statement -> {
                statement.setLong(1, seriesId);
                statement.setLong(2, level);
                statement.setLong(3, range[0]);
                statement.setLong(4, range[1]);
                try (var rs = statement.executeQuery()) {
                    while (rs.next()) row.accept(rs);
                }
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("reading metric chunks failed", e);
        }
    }

    private static void points(Handle handle, MetricReadSql.SeriesRow series, List<Segment> segments, Sums sums) {
        long seriesId = series.seriesId();
        var ranges = new ArrayList<long[]>();
        for (var segment : segments) ranges.add(new long[] {segment.lo(), segment.hi(), segment.interval()});
        SealedBlocks.forEachInRanges(handle, seriesId, series.blockLevel(), ranges, (owner, step, ts, value) -> {
            boolean nan = Double.isNaN(value);
            sums.add((int) owner, 1, nan ? 1 : 0, nan ? 0 : value, false);
        });
        // Summed here too: the edges are at most a few chunks' worth of points an interval.
        RangeQuery.forEach(handle, "lo, hi, owner", ranges, """
                SELECT r.owner, p.is_nan, p.value FROM r CROSS JOIN metric_points p
                 WHERE p.series_id = ? AND p.step BETWEEN r.lo AND r.hi""", new long[] {seriesId}, rs -> {
                    boolean nan = rs.getInt(2) == 1;
                    sums.add((int) rs.getLong(1), 1, nan ? 1 : 0, nan ? 0 : rs.getDouble(3), false);
                });
    }
}
