package dev.sextant.server.store.sql;

import dev.sextant.server.domain.EnvelopeBucket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Exact summaries of a series over consecutive step intervals with arbitrary bounds (a shared bucket grid, or
 * the steps an x metric maps into each of its buckets). Each interval is covered by the coarsest whole chunks
 * of the pyramid that fit in it, finer chunks towards its edges, and raw points only for the last few steps
 * at each edge that no chunk of the series' finest level covers; every level is one query for all intervals.
 */
final class IntervalReadSql {
    private IntervalReadSql() {}

    /** Steps {@code [lo, hi]} still to be read, inside interval {@code interval}. */
    private record Segment(int interval, long lo, long hi) {}

    static Optional<List<EnvelopeBucket>> intervals(Handle handle, String runId, String key, long[] starts, long lastStep) {
        return MetricReadSql.series(handle, runId, key).map(series -> read(handle, series, starts, lastStep));
    }

    private static List<EnvelopeBucket> read(Handle handle, MetricReadSql.SeriesRow series, long[] starts, long lastStep) {
        var aggregates = new PointAggregate[starts.length];
        var summary = series.summary();
        int first = intervalOf(starts, lastStep, summary.firstStep);
        if (first >= 0 && first == intervalOf(starts, lastStep, summary.lastStep)) {
            // The whole series lies in one interval: its summary is the answer (no chunk needs to be stored for it).
            aggregates[first] = summary;
        } else {
            List<Segment> segments = new ArrayList<>();
            for (int i = 0; i < starts.length; i++) {
                long lo = Math.max(starts[i], summary.firstStep);
                long hi = Math.min(i + 1 < starts.length ? starts[i + 1] - 1 : lastStep, summary.lastStep);
                if (lo <= hi) segments.add(new Segment(i, lo, hi));
            }
            var levels = EnvelopeLevels.LEVELS;
            for (int l = levels.length - 1; l >= 0 && !segments.isEmpty(); l--) {
                if (levels[l] < series.minLevel()) break;
                segments = readChunks(handle, series.seriesId(), levels[l], segments, starts, lastStep, aggregates);
            }
            readPoints(handle, series, segments, aggregates);
        }
        var buckets = new ArrayList<EnvelopeBucket>();
        for (int i = 0; i < starts.length; i++) {
            if (aggregates[i] == null || aggregates[i].count == 0) continue;
            buckets.add(MetricReadSql.toBucket(starts[i], i + 1 < starts.length ? starts[i + 1] - 1 : lastStep, aggregates[i]));
        }
        return buckets;
    }

    /** Merges the whole chunks of {@code level} inside each segment; returns what is left at the segments' edges. */
    private static List<Segment> readChunks(Handle handle, long seriesId, int level, List<Segment> segments,
                                            long[] starts, long lastStep, PointAggregate[] aggregates) {
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
            // Chunks of neighbouring intervals are read as one range: a shared grid is then one scan per level.
            var last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && last[1] + 1 == firstChunk) last[1] = lastChunk;
            else ranges.add(new long[] {firstChunk, lastChunk});
        }
        left.sort((a, b) -> Long.compare(a.lo(), b.lo()));
        RangeQuery.forEach(handle, "lo, hi", ranges, "SELECT c.chunk_index, " + SummaryMerge.COLUMNS
                + " FROM r CROSS JOIN metric_chunks c WHERE c.series_id = ? AND c.level = ? AND c.chunk_index BETWEEN r.lo AND r.hi",
                new long[] {seriesId, level}, rs -> {
                    int owner = intervalOf(starts, lastStep, rs.getLong(1) * span);
                    if (aggregates[owner] == null) aggregates[owner] = new PointAggregate();
                    aggregates[owner].merge(SummaryMerge.read(rs, 2));
                });
        return left;
    }

    private static void readPoints(Handle handle, MetricReadSql.SeriesRow series, List<Segment> segments, PointAggregate[] aggregates) {
        long seriesId = series.seriesId();
        var ranges = new ArrayList<long[]>();
        for (var segment : segments) ranges.add(new long[] {segment.lo(), segment.hi(), segment.interval()});
        SealedBlocks.forEachInRanges(handle, seriesId, series.blockLevel(), ranges, (owner, step, ts, value) -> {
            if (aggregates[(int) owner] == null) aggregates[(int) owner] = new PointAggregate();
            aggregates[(int) owner].add(step, ts, value);
        });
        RangeQuery.forEach(handle, "lo, hi, owner", ranges, """
                SELECT r.owner, p.step, p.timestamp_ms, p.value, p.is_nan FROM r CROSS JOIN metric_points p
                 WHERE p.series_id = ? AND p.step BETWEEN r.lo AND r.hi""", new long[] {seriesId}, rs -> {
                    int owner = (int) rs.getLong(1);
                    if (aggregates[owner] == null) aggregates[owner] = new PointAggregate();
                    aggregates[owner].add(rs.getLong(2), rs.getLong(3), rs.getInt(5) == 1 ? Double.NaN : rs.getDouble(4));
                });
    }

    /** The interval holding {@code step}, or -1 when it is outside them all. */
    static int intervalOf(long[] starts, long lastStep, long step) {
        if (starts.length == 0 || step < starts[0] || step > lastStep) return -1;
        int low = 0;
        int high = starts.length - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (starts[middle] <= step) low = middle;
            else high = middle - 1;
        }
        return low;
    }
}
