package dev.sextant.server.store.sql;

import dev.sextant.server.domain.Envelope;
import dev.sextant.server.domain.EnvelopeBucket;
import dev.sextant.server.domain.MetricSummary;
import dev.sextant.server.domain.Page;
import dev.sextant.server.domain.RawPoint;
import dev.sextant.server.error.SextantException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * Metric reads: series summaries, envelopes from the chunk pyramid, and raw points paged by key.
 * An envelope reads whole chunks inside the range and raw points only in the two partial chunks at
 * its edges, so it is exact, deterministic and never scans the series.
 */
final class MetricReadSql {
    private MetricReadSql() {}

    record SeriesRow(long seriesId, int minLevel, int blockLevel, PointAggregate summary) {}

    static List<MetricSummary> summaries(Handle handle, String runId) {
        return summariesFor(handle, List.of(runId)).getOrDefault(runId, List.of());
    }

    static Map<String, List<MetricSummary>> summariesFor(Handle handle, Collection<String> runIds) {
        var byRun = new HashMap<String, List<MetricSummary>>();
        if (runIds.isEmpty()) return byRun;
        handle.createQuery("SELECT run_id, key, " + SummaryMerge.COLUMNS
                        + " FROM metric_series WHERE run_id IN (<runIds>) AND point_count > 0 ORDER BY run_id, key")
                .bindList("runIds", List.copyOf(runIds))
                .map((rs, ctx) -> Map.entry(rs.getString(1), toSummary(rs.getString(2), SummaryMerge.read(rs, 3))))
                .forEach(entry -> byRun.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(entry.getValue()));
        return byRun;
    }

    private static MetricSummary toSummary(String key, PointAggregate a) {
        return new MetricSummary(key, a.count, a.min, a.max, a.mean(), a.firstValue, a.firstStep, a.lastValue,
                a.lastStep, a.lastTimestampMs);
    }

    static Optional<SeriesRow> series(Handle handle, String runId, String key) {
        return handle.createQuery("SELECT series_id, min_level, block_level, " + SummaryMerge.COLUMNS
                        + " FROM metric_series WHERE run_id = :runId AND key = :key AND point_count > 0")
                .bind("runId", runId).bind("key", key)
                .map((rs, ctx) -> new SeriesRow(rs.getLong(1), rs.getInt(2), rs.getInt(3), SummaryMerge.read(rs, 4)))
                .findOne();
    }

    /** {@link #series} of many runs in one query, by run id (runs without the series left out). */
    static Map<String, SeriesRow> series(Handle handle, List<String> runIds, String key) {
        var rows = new HashMap<String, SeriesRow>();
        if (runIds.isEmpty()) return rows;
        handle.createQuery("SELECT run_id, series_id, min_level, block_level, " + SummaryMerge.COLUMNS
                        + " FROM metric_series WHERE run_id IN (<runIds>) AND key = :key AND point_count > 0")
                .bindList("runIds", List.copyOf(runIds)).bind("key", key)
                .map((rs, ctx) -> Map.entry(rs.getString(1), new SeriesRow(rs.getLong(2), rs.getInt(3), rs.getInt(4), SummaryMerge.read(rs, 5))))
                .forEach(entry -> rows.put(entry.getKey(), entry.getValue()));
        return rows;
    }

    static Optional<Envelope> envelope(Handle handle, String runId, String key, int bucketCount, Long fromStep, Long toStep) {
        return series(handle, runId, key).map(series -> {
            long from = fromStep == null ? series.summary().firstStep : fromStep;
            long to = toStep == null ? series.summary().lastStep : toStep;
            if (from > to) return new Envelope(runId, key, series.summary().count, from, to, 0, List.of());
            // Unsigned arithmetic: the span of two valid steps can exceed Long.MAX_VALUE.
            long rawWidth = Long.divideUnsigned(to - from, bucketCount) + 1;
            if (rawWidth <= 0 || rawWidth > MAX_ALIGNED_WIDTH) {
                // A few buckets over nearly the whole long range (2^62 steps or more each, 2^64 for one bucket over
                // all of it): their bounds only fit unsigned arithmetic, and such ranges hold few points.
                return new Envelope(runId, key, series.summary().count, from, to, rawWidth <= 0 ? Long.MAX_VALUE : rawWidth,
                        fromPoints(handle, series, from, to, rawWidth));
            }
            int level = EnvelopeLevels.levelFor(rawWidth);
            if (level < series.minLevel()) level = -1; // finer than the series keeps: its raw points are as few
            long width = level < 0 ? rawWidth : alignedWidth(level, rawWidth);
            var buckets = level < 0
                    ? fromPoints(handle, series, from, to, rawWidth)
                    : fromChunks(handle, series, from, to, EnvelopeLevels.coarsestDividing(width, level), width);
            return new Envelope(runId, key, series.summary().count, from, to, width, buckets);
        });
    }

    /** Wider buckets are cut from {@code from} by unsigned arithmetic, not aligned to chunks (see envelope). */
    private static final long MAX_ALIGNED_WIDTH = 1L << 62;

    private static long alignedWidth(int level, long rawWidth) {
        long span = 1L << level;
        return span * ((rawWidth + span - 1) / span);
    }

    /**
     * Narrow ranges (fewer than 16 steps per bucket, so the raw points are as cheap as chunks) and the widest ones.
     * Buckets start at {@code from}; {@code width} is unsigned, 0 standing for 2^64 (one bucket over every long).
     */
    private static List<EnvelopeBucket> fromPoints(Handle handle, SeriesRow series, long from, long to, long width) {
        var buckets = new TreeMap<Long, PointAggregate>();
        forEachPoint(handle, series, from, to, (step, ts, value) -> buckets.computeIfAbsent(
                width == 0 ? 0 : Long.divideUnsigned(step - from, width), b -> new PointAggregate()).add(step, ts, value));
        var result = new ArrayList<EnvelopeBucket>(buckets.size());
        buckets.forEach((index, aggregate) -> {
            long start = from + index * width; // exact modulo 2^64, and the true value lies in [from, to]
            long lastOffset = start - from + width - 1;
            boolean pastTo = width == 0 || Long.compareUnsigned(lastOffset, to - from) > 0
                    || Long.compareUnsigned(lastOffset, start - from) < 0;
            result.add(toBucket(start, pastTo ? to : start + width - 1, aggregate));
        });
        return result;
    }

    /**
     * Buckets are aligned to multiples of a width that is a whole number of level chunks, so every
     * chunk falls in exactly one bucket. Chunks sticking out of [from, to] are replaced by their points.
     */
    private static List<EnvelopeBucket> fromChunks(Handle handle, SeriesRow series, long from, long to, int level, long width) {
        long seriesId = series.seriesId();
        long span = 1L << level;
        long firstFull = Math.floorDiv(from, span) + (Math.floorMod(from, span) == 0 ? 0 : 1);
        long lastFull = Math.floorDiv(to, span) - ((Math.floorMod(to, span) == span - 1) ? 0 : 1);
        boolean lastChunkIsTop = lastFull == Long.MAX_VALUE >> level; // (lastFull + 1) * span would overflow
        var buckets = new TreeMap<Long, PointAggregate>();
        if (firstFull > lastFull) {
            forEachPoint(handle, series, from, to, (step, ts, value) -> bucketOf(buckets, step, width).add(step, ts, value));
        } else {
            if (from < firstFull * span) {
                forEachPoint(handle, series, from, firstFull * span - 1,
                        (step, ts, value) -> bucketOf(buckets, step, width).add(step, ts, value));
            }
            var summary = series.summary();
            if (ImpliedChunks.isImplied(summary.firstStep, summary.lastStep, level)) {
                // The whole series lies in one chunk of this level: that chunk is the series summary (not stored).
                long index = EnvelopeLevels.chunkIndex(summary.firstStep, level);
                if (index >= firstFull && index <= lastFull) bucketOf(buckets, index * span, width).merge(summary);
            } else {
                handle.createQuery("SELECT chunk_index, " + SummaryMerge.COLUMNS + """
                                 FROM metric_chunks
                                WHERE series_id = :seriesId AND level = :level AND chunk_index BETWEEN :first AND :last
                                ORDER BY chunk_index""")
                        .bind("seriesId", seriesId).bind("level", level).bind("first", firstFull).bind("last", lastFull)
                        .map((rs, ctx) -> Map.entry(rs.getLong(1), SummaryMerge.read(rs, 2)))
                        .forEach(chunk -> bucketOf(buckets, chunk.getKey() * span, width).merge(chunk.getValue()));
            }
            if (!lastChunkIsTop && to > (lastFull + 1) * span - 1) {
                forEachPoint(handle, series, (lastFull + 1) * span, to,
                        (step, ts, value) -> bucketOf(buckets, step, width).add(step, ts, value));
            }
        }
        var result = new ArrayList<EnvelopeBucket>(buckets.size());
        buckets.forEach((index, aggregate) -> {
            // Clamped where the aligned bucket sticks out of the long range (then it is clamped to [from, to] anyway).
            long start = index < Long.MIN_VALUE / width ? Long.MIN_VALUE : index * width;
            long end = index >= Long.MAX_VALUE / width ? Long.MAX_VALUE : (index + 1) * width - 1;
            result.add(toBucket(Math.max(from, start), Math.min(to, end), aggregate));
        });
        return result;
    }

    private static PointAggregate bucketOf(TreeMap<Long, PointAggregate> buckets, long step, long width) {
        return buckets.computeIfAbsent(Math.floorDiv(step, width), b -> new PointAggregate());
    }

    static EnvelopeBucket toBucket(long start, long end, PointAggregate a) {
        return new EnvelopeBucket(start, end, a.count, a.min, a.max, a.mean(), a.firstStep, a.firstTimestampMs,
                a.firstValue, a.lastStep, a.lastTimestampMs, a.lastValue);
    }

    private interface PointConsumer {
        void accept(long step, long timestampMs, double value);
    }

    private static void forEachPoint(Handle handle, SeriesRow series, long from, long to, PointConsumer consumer) {
        var raw = rawPoints(handle, series, from, to);
        if (!raw.isEmpty()) {
            for (var point : merge(raw, sealedPoints(handle, series, from, to), Integer.MAX_VALUE)) {
                consumer.accept(point.step(), point.timestampMs(), point.value());
            }
            return;
        }
        // Only sealed points (the usual case away from a series' newest steps): straight from the blocks, same order.
        SealedBlocks.forEach(handle, series.seriesId(), series.blockLevel(), from, to, (step, ts, value) -> {
            consumer.accept(step, ts, value);
            return true;
        });
    }

    /**
     * Every point of the series in [from, to], raw rows and sealed blocks alike, in {@link PointOrder}: the same
     * sequence before and after a chunk is sealed, so sums over it come out the same.
     */
    static List<RawPoint> pointsBetween(Handle handle, SeriesRow series, long from, long to) {
        var sealed = sealedPoints(handle, series, from, to);
        var raw = rawPoints(handle, series, from, to);
        if (sealed.isEmpty()) return raw;
        return raw.isEmpty() ? sealed : merge(raw, sealed, Integer.MAX_VALUE);
    }

    private static List<RawPoint> sealedPoints(Handle handle, SeriesRow series, long from, long to) {
        var sealed = new ArrayList<RawPoint>();
        SealedBlocks.forEach(handle, series.seriesId(), series.blockLevel(), from, to, (step, ts, value) -> sealed.add(new RawPoint(step, ts, value)));
        return sealed;
    }

    private static List<RawPoint> rawPoints(Handle handle, SeriesRow series, long from, long to) {
        return handle.createQuery("""
                        SELECT step, timestamp_ms, value, is_nan FROM metric_points
                        WHERE series_id = :seriesId AND step BETWEEN :from AND :to
                        ORDER BY step, timestamp_ms, value, is_nan""")
                .bind("seriesId", series.seriesId()).bind("from", from).bind("to", to)
                .map((rs, ctx) -> new RawPoint(rs.getLong(1), rs.getLong(2), rs.getInt(4) == 1 ? Double.NaN : rs.getDouble(3)))
                .list();
    }

    static Optional<Page<RawPoint>> points(Handle handle, String runId, String key, Long fromStep, Long toStep,
                                           int maxResults, String pageToken) {
        return series(handle, runId, key).map(series -> {
            var after = PointCursor.decode(pageToken);
            long from = fromStep == null ? Long.MIN_VALUE : fromStep;
            long to = toStep == null ? Long.MAX_VALUE : toStep;
            var raw = handle.createQuery("""
                            SELECT step, timestamp_ms, value, is_nan FROM metric_points
                            WHERE series_id = :seriesId AND step BETWEEN :from AND :to
                              AND (step, timestamp_ms, value, is_nan) > (:step, :ts, :value, :nan)
                            ORDER BY step, timestamp_ms, value, is_nan
                            LIMIT :limit""")
                    .bind("seriesId", series.seriesId())
                    .bind("from", from).bind("to", to)
                    .bind("step", after.step()).bind("ts", after.timestampMs())
                    .bind("value", after.value()).bind("nan", after.isNan())
                    .bind("limit", maxResults + 1)
                    .map((rs, ctx) -> new RawPoint(rs.getLong(1), rs.getLong(2), rs.getInt(4) == 1 ? Double.NaN : rs.getDouble(3)))
                    .list();
            // Sealed points come in the same order, block after block: take as many as the page can hold.
            var sealed = new ArrayList<RawPoint>();
            SealedBlocks.forEach(handle, series.seriesId(), series.blockLevel(), Math.max(from, after.step()), to, (step, ts, value) -> {
                if (after.isBefore(step, ts, value)) sealed.add(new RawPoint(step, ts, value));
                return sealed.size() <= maxResults;
            });
            var rows = merge(raw, sealed, maxResults + 1);
            var page = rows.subList(0, Math.min(maxResults, rows.size()));
            String next = rows.size() > maxResults ? PointCursor.of(page.get(page.size() - 1)).encode() : null;
            return new Page<>(List.copyOf(page), next);
        });
    }

    /** The first {@code limit} points of two lists in {@link PointOrder}, which never share a point. */
    private static List<RawPoint> merge(List<RawPoint> a, List<RawPoint> b, int limit) {
        var merged = new ArrayList<RawPoint>(Math.min(limit, a.size() + b.size()));
        int i = 0;
        int j = 0;
        while (merged.size() < limit && (i < a.size() || j < b.size())) {
            if (j == b.size() || (i < a.size() && PointOrder.COMPARATOR.compare(a.get(i), b.get(j)) <= 0)) merged.add(a.get(i++));
            else merged.add(b.get(j++));
        }
        return merged;
    }

    /** A position in a series' primary-key order, and the opaque page token that carries it. */
    private record PointCursor(long step, long timestampMs, double value, int isNan) {
        static final PointCursor START = new PointCursor(Long.MIN_VALUE, Long.MIN_VALUE, Double.NEGATIVE_INFINITY, -1);

        static PointCursor of(RawPoint point) {
            boolean nan = Double.isNaN(point.value());
            return new PointCursor(point.step(), point.timestampMs(), nan ? 0 : point.value(), nan ? 1 : 0);
        }

        /** True when the point comes after this position, in the order of metric_points' key. */
        boolean isBefore(long pointStep, long pointTimestampMs, double pointValue) {
            if (pointStep != step) return pointStep > step;
            if (pointTimestampMs != timestampMs) return pointTimestampMs > timestampMs;
            int nan = Double.isNaN(pointValue) ? 1 : 0;
            double key = nan == 1 ? 0 : pointValue;
            if (key != value) return key > value;
            return nan > isNan;
        }

        String encode() {
            var text = step + ":" + timestampMs + ":" + Double.doubleToLongBits(value) + ":" + isNan;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }

        static PointCursor decode(String token) {
            if (token == null || token.isEmpty()) return START;
            try {
                var parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":");
                return new PointCursor(Long.parseLong(parts[0]), Long.parseLong(parts[1]),
                        Double.longBitsToDouble(Long.parseLong(parts[2])), Integer.parseInt(parts[3]));
            } catch (RuntimeException e) {
                throw SextantException.invalid("page_token is not a token this server issued: '" + token + "'");
            }
        }
    }
}
