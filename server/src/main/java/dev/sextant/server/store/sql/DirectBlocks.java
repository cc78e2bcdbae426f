package dev.sextant.server.store.sql;

import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.domain.RawPoint;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * The points of a batch that land in chunks the series has left by the batch's end and that hold no stored point
 * yet are written straight into their sealed blocks (ADR 0013): inserting them raw only to read, delete and encode
 * them at once would be wasted work. Every point they hold is new unless repeated in the batch.
 */
final class DirectBlocks {
    private DirectBlocks() {}

    /**
     * Which points go straight into blocks ({@code true}), by index: those in chunks before the series' last step
     * after the batch that hold no stored point yet. Chunks past the series' old last step cannot hold one; others
     * (a batch that arrives out of order) are looked up, one index probe each.
     */
    static boolean[] select(Handle handle, List<MetricPoint> points, long[] seriesIds,
                            Map<Long, SeriesRegistry.SeriesRef> byId) throws SQLException {
        var lastStep = new HashMap<Long, Long>();
        for (int i = 0; i < points.size(); i++) lastStep.merge(seriesIds[i], points.get(i).step(), Math::max);
        var direct = new boolean[points.size()];
        var toProbe = new TreeMap<Long, java.util.TreeSet<Long>>();
        for (int i = 0; i < points.size(); i++) {
            var ref = byId.get(seriesIds[i]);
            var before = ref.summary();
            int level = ref.blockLevel();
            long last = before.count > 0 ? Math.max(before.lastStep, lastStep.get(seriesIds[i])) : lastStep.get(seriesIds[i]);
            long chunk = points.get(i).step() >> level;
            if (chunk >= (last >> level)) continue;
            if (before.count == 0 || chunk > (before.lastStep >> level)) direct[i] = true;
            else toProbe.computeIfAbsent(seriesIds[i], id -> new java.util.TreeSet<>()).add(chunk);
        }
        if (toProbe.isEmpty()) return direct;
        var empty = new HashMap<Long, java.util.Set<Long>>();
        for (var entry : toProbe.entrySet()) {
            long seriesId = entry.getKey();
            var sealed = new java.util.HashSet<>(SealedBlocks.sealedChunks(handle, seriesId, entry.getValue().first(), entry.getValue().last()));
            int level = byId.get(seriesId).blockLevel();
            for (long chunk : entry.getValue()) {
                if (!sealed.contains(chunk) && !hasRawRows(handle, seriesId, level, chunk)) {
                    empty.computeIfAbsent(seriesId, id -> new java.util.HashSet<>()).add(chunk);
                }
            }
        }
        for (int i = 0; i < points.size(); i++) {
            if (direct[i]) continue;
            var chunks = empty.get(seriesIds[i]);
            if (chunks != null && chunks.contains(points.get(i).step() >> byId.get(seriesIds[i]).blockLevel())) direct[i] = true;
        }
        return direct;
    }

    private static boolean hasRawRows(Handle handle, long seriesId, int level, long chunk) throws SQLException {
        return StatementCache.with(handle, "SELECT 1 FROM metric_points WHERE series_id = ? AND step BETWEEN ? AND ? LIMIT 1", statement -> {
            statement.setLong(1, seriesId);
            statement.setLong(2, SealedBlocks.firstStep(chunk, level));
            statement.setLong(3, SealedBlocks.lastStep(chunk, level));
            try (var rs = statement.executeQuery()) {
                return rs.next();
            }
        });
    }

    /** Writes the selected points' blocks; sets {@code counts[i]} to 1 for each distinct one, 0 for a repeat. */
    static void write(Handle handle, List<MetricPoint> points, long[] seriesIds, Map<Long, SeriesRegistry.SeriesRef> byId,
                      boolean[] direct, int[] counts) throws SQLException {
        // Series, then chunk, in ascending order: the same lock order as every other writer.
        var chunks = new TreeMap<Long, TreeMap<Long, List<Integer>>>();
        for (int i = 0; i < points.size(); i++) {
            if (!direct[i]) continue;
            long chunk = points.get(i).step() >> byId.get(seriesIds[i]).blockLevel();
            chunks.computeIfAbsent(seriesIds[i], id -> new TreeMap<>()).computeIfAbsent(chunk, c -> new ArrayList<>()).add(i);
        }
        for (var perSeries : chunks.entrySet()) {
            for (var chunk : perSeries.getValue().entrySet()) {
                var indexes = chunk.getValue();
                indexes.sort((a, b) -> PointOrder.COMPARATOR.compare(raw(points.get(a)), raw(points.get(b))));
                var distinct = new ArrayList<RawPoint>(indexes.size());
                for (int i : indexes) {
                    var point = raw(points.get(i));
                    boolean repeat = !distinct.isEmpty() && PointOrder.COMPARATOR.compare(distinct.get(distinct.size() - 1), point) == 0;
                    counts[i] = repeat ? 0 : 1;
                    if (!repeat) distinct.add(point);
                }
                SealedBlocks.store(handle, perSeries.getKey(), chunk.getKey(), distinct);
            }
        }
    }

    private static RawPoint raw(MetricPoint point) {
        return new RawPoint(point.step(), point.timestampMs(), point.value());
    }
}
