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
 * The points of a batch that fill chunks the series had not reached before the batch and has left by its end are
 * written straight into their sealed blocks (ADR 0013): such a chunk can have neither raw rows nor a block yet (a
 * series only holds points up to its last step), so inserting them raw only to read, delete and encode them at once
 * would be wasted work. Every point they hold is new unless repeated in the batch.
 */
final class DirectBlocks {
    private DirectBlocks() {}

    /** Which points go straight into blocks ({@code true}), by index. */
    static boolean[] select(List<MetricPoint> points, long[] seriesIds, Map<String, SeriesRegistry.SeriesRef> series) {
        var byId = new HashMap<Long, SeriesRegistry.SeriesRef>();
        for (var ref : series.values()) byId.put(ref.id(), ref);
        var lastStep = new HashMap<Long, Long>();
        for (int i = 0; i < points.size(); i++) lastStep.merge(seriesIds[i], points.get(i).step(), Math::max);
        var direct = new boolean[points.size()];
        for (int i = 0; i < points.size(); i++) {
            var ref = byId.get(seriesIds[i]);
            var before = ref.summary();
            int level = ref.blockLevel();
            long last = before.count > 0 ? Math.max(before.lastStep, lastStep.get(seriesIds[i])) : lastStep.get(seriesIds[i]);
            long chunk = points.get(i).step() >> level;
            direct[i] = chunk < (last >> level) && (before.count == 0 || chunk > (before.lastStep >> level));
        }
        return direct;
    }

    /** Writes the selected points' blocks; sets {@code counts[i]} to 1 for each distinct one, 0 for a repeat. */
    static void write(Handle handle, List<MetricPoint> points, long[] seriesIds, Map<String, SeriesRegistry.SeriesRef> series,
                      boolean[] direct, int[] counts) throws SQLException {
        var levels = new HashMap<Long, Integer>();
        for (var ref : series.values()) levels.put(ref.id(), ref.blockLevel());
        // Series, then chunk, in ascending order: the same lock order as every other writer.
        var chunks = new TreeMap<Long, TreeMap<Long, List<Integer>>>();
        for (int i = 0; i < points.size(); i++) {
            if (!direct[i]) continue;
            long chunk = points.get(i).step() >> levels.get(seriesIds[i]);
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
