package dev.sextant.server.store.sql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds new points into envelope chunk aggregates: first at each series' finest kept level, then each
 * stored level from the one below it (8 → 10 → 12 → 16 …), so the work per level shrinks four- to sixteenfold.
 */
final class ChunkPyramid {
    record ChunkKey(long seriesId, int level, long index) {}

    /** Written out rather than chained: a coalesced group sorts several hundred keys per commit. */
    static final Comparator<ChunkKey> ORDER = (a, b) -> {
        int bySeries = Long.compare(a.seriesId(), b.seriesId());
        if (bySeries != 0) return bySeries;
        int byLevel = Integer.compare(a.level(), b.level());
        return byLevel != 0 ? byLevel : Long.compare(a.index(), b.index());
    };

    private final Map<ChunkKey, PointAggregate> finest = new HashMap<>();
    // Consecutive points of a batch usually fall in the same chunk: skip the map for them.
    private long lastSeries = -1;
    private long lastIndex;
    private PointAggregate last;

    void add(long seriesId, int minLevel, long step, long timestampMs, double value) {
        long index = EnvelopeLevels.chunkIndex(step, minLevel);
        if (last == null || seriesId != lastSeries || index != lastIndex) {
            last = finest.computeIfAbsent(new ChunkKey(seriesId, minLevel, index), key -> new PointAggregate());
            lastSeries = seriesId;
            lastIndex = index;
        }
        last.add(step, timestampMs, value);
    }

    /** Every chunk aggregate of every level, in primary-key order for B-tree-friendly upserts. */
    List<Map.Entry<ChunkKey, PointAggregate>> allLevels() {
        var all = new ArrayList<Map.Entry<ChunkKey, PointAggregate>>(finest.entrySet());
        var current = finest;
        while (!current.isEmpty()) {
            var parents = new HashMap<ChunkKey, PointAggregate>();
            current.forEach((key, aggregate) -> {
                int parentLevel = EnvelopeLevels.next(key.level());
                if (parentLevel < 0) return;
                parents.computeIfAbsent(new ChunkKey(key.seriesId(), parentLevel, key.index() >> (parentLevel - key.level())),
                        k -> new PointAggregate()).merge(aggregate);
            });
            all.addAll(parents.entrySet());
            current = parents;
        }
        all.sort(Map.Entry.comparingByKey(ORDER));
        return all;
    }
}
