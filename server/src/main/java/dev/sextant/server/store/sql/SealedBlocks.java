package dev.sextant.server.store.sql;

import dev.sextant.server.domain.RawPoint;
import dev.sextant.server.store.block.PointBlock;
import dev.sextant.server.store.block.PointBlockCodec;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The metric_blocks table (ADR 0013): a sealed chunk of a series is one row whose bytes hold its points in
 * {@link PointOrder}. Readers take the points of a step range from here and from metric_points together: a point is
 * in exactly one of them.
 */
final class SealedBlocks {
    private SealedBlocks() {}

    /** Receives points; returning false stops the walk. */
    interface PointVisitor {
        boolean accept(long step, long timestampMs, double value);
    }

    /** Receives points of ranges: {@code owner} is the third value of the range the point lies in. */
    interface OwnedPointVisitor {
        void accept(long owner, long step, long timestampMs, double value);
    }

    /** The first and last step of chunk {@code chunk} of a series whose blocks span 2^{@code level} steps. */
    static long firstStep(long chunk, int level) {
        return chunk << level;
    }

    static long lastStep(long chunk, int level) {
        return (chunk << level) + ((1L << level) - 1);
    }

    /** The points of the sealed chunks overlapping [from, to] that lie in it, in {@link PointOrder}. */
    static void forEach(Handle handle, long seriesId, int level, long from, long to, PointVisitor visitor) {
        if (from > to) return;
        handle.createQuery("""
                        SELECT data FROM metric_blocks
                         WHERE series_id = :seriesId AND chunk_index BETWEEN :first AND :last
                         ORDER BY chunk_index""")
                .bind("seriesId", seriesId).bind("first", from >> level).bind("last", to >> level)
                .scanResultSet((supplier, ctx) -> {
                    var rs = supplier.get();
                    while (rs.next()) {
                        var block = PointBlockCodec.decode(rs.getBytes(1));
                        for (int i = 0; i < block.size(); i++) {
                            long step = block.steps()[i];
                            if (step < from || step > to) continue;
                            if (!visitor.accept(step, block.timestampsMs()[i], block.values()[i])) return null;
                        }
                    }
                    return null;
                });
    }

    /**
     * The sealed points in any of {@code ranges} ({lo, hi, owner} each, disjoint), each block read once, a few hundred
     * ranges of chunks a query, in no particular order.
     */
    static void forEachInRanges(Handle handle, long seriesId, int level, List<long[]> ranges, OwnedPointVisitor visitor) {
        if (ranges.isEmpty()) return;
        var sorted = ranges.toArray(long[][]::new);
        Arrays.sort(sorted, (a, b) -> Long.compare(a[0], b[0]));
        var chunkRanges = new ArrayList<long[]>();
        for (var range : sorted) {
            long first = range[0] >> level;
            long last = range[1] >> level;
            var previous = chunkRanges.isEmpty() ? null : chunkRanges.get(chunkRanges.size() - 1);
            if (previous != null && first <= previous[1] + 1) previous[1] = Math.max(previous[1], last);
            else chunkRanges.add(new long[] {first, last});
        }
        var los = new long[sorted.length];
        for (int i = 0; i < sorted.length; i++) los[i] = sorted[i][0];
        RangeQuery.forEach(handle, "lo, hi", chunkRanges, """
                SELECT b.data FROM r CROSS JOIN metric_blocks b
                 WHERE b.series_id = ? AND b.chunk_index BETWEEN r.lo AND r.hi""", new long[] {seriesId}, rs -> {
                    var block = PointBlockCodec.decode(rs.getBytes(1));
                    if (block.size() == 0) return;
                    // A block's steps never decrease: find the range of its first point, then walk the ranges along
                    // (a binary search for every point was a third of an x-metric group read).
                    int at = Arrays.binarySearch(los, block.steps()[0]);
                    if (at < 0) at = -at - 2; // the last range starting at or before the step
                    for (int i = 0; i < block.size(); i++) {
                        long step = block.steps()[i];
                        while (at + 1 < los.length && los[at + 1] <= step) at++;
                        if (at < 0 || step > sorted[at][1]) continue;
                        visitor.accept(sorted[at][2], step, block.timestampsMs()[i], block.values()[i]);
                    }
                });
    }

    /** The sealed chunk's points, or empty when the chunk is not sealed. */
    static Optional<List<RawPoint>> find(Handle handle, long seriesId, long chunk) {
        try {
            return StatementCache.with(handle, "SELECT data FROM metric_blocks WHERE series_id = ? AND chunk_index = ?", statement -> {
                statement.setLong(1, seriesId);
                statement.setLong(2, chunk);
                try (var rs = statement.executeQuery()) {
                    return rs.next() ? Optional.of(toPoints(PointBlockCodec.decode(rs.getBytes(1)))) : Optional.empty();
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("reading a sealed chunk failed", e);
        }
    }

    /** Which of the chunks in [first, last] of the series are sealed, ascending. */
    static List<Long> sealedChunks(Handle handle, long seriesId, long first, long last) throws SQLException {
        return StatementCache.with(handle, """
                SELECT chunk_index FROM metric_blocks WHERE series_id = ? AND chunk_index BETWEEN ? AND ? ORDER BY chunk_index""",
                statement -> {
                    statement.setLong(1, seriesId);
                    statement.setLong(2, first);
                    statement.setLong(3, last);
                    var chunks = new ArrayList<Long>();
                    try (var rs = statement.executeQuery()) {
                        while (rs.next()) chunks.add(rs.getLong(1));
                    }
                    return chunks;
                });
    }

    /** Writes (or rewrites) a sealed chunk holding exactly {@code points}, which are in {@link PointOrder}. */
    static void store(Handle handle, long seriesId, long chunk, List<RawPoint> points) throws SQLException {
        int n = points.size();
        var steps = new long[n];
        var timestamps = new long[n];
        var values = new double[n];
        for (int i = 0; i < n; i++) {
            steps[i] = points.get(i).step();
            timestamps[i] = points.get(i).timestampMs();
            values[i] = points.get(i).value();
        }
        var data = PointBlockCodec.encode(new PointBlock(steps, timestamps, values));
        StatementCache.with(handle, """
                INSERT INTO metric_blocks (series_id, chunk_index, point_count, data) VALUES (?, ?, ?, ?)
                ON CONFLICT (series_id, chunk_index) DO UPDATE SET point_count = excluded.point_count, data = excluded.data""",
                statement -> {
                    statement.setLong(1, seriesId);
                    statement.setLong(2, chunk);
                    statement.setInt(3, n);
                    statement.setBytes(4, data);
                    return statement.executeUpdate();
                });
    }

    private static List<RawPoint> toPoints(PointBlock block) {
        var points = new ArrayList<RawPoint>(block.size());
        for (int i = 0; i < block.size(); i++) {
            points.add(new RawPoint(block.steps()[i], block.timestampsMs()[i], block.values()[i]));
        }
        return points;
    }
}
