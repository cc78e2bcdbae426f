package dev.sextant.server.store.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which envelope chunks a batch must write. At a level where a whole series lies in one chunk, that chunk holds
 * exactly what the series summary holds, so it is not stored: the reader takes the summary instead
 * ({@link #isImplied}). A series growing one point at a time therefore writes its two or three finest levels,
 * not all ten. When a batch makes a series straddle two chunks of a level for the first time, the chunk that used
 * to be implied is written whole (the summary before the batch, plus the batch's points in it), replacing any row
 * an older version left there; every other chunk is merged into its row as before.
 */
final class ImpliedChunks {
    private ImpliedChunks() {}

    record Split(List<Map.Entry<ChunkPyramid.ChunkKey, PointAggregate>> replaced,
                 List<Map.Entry<ChunkPyramid.ChunkKey, PointAggregate>> merged) {}

    /** True when a series spanning steps [firstStep, lastStep] lies in one chunk at {@code level}. */
    static boolean isImplied(long firstStep, long lastStep, int level) {
        return EnvelopeLevels.chunkIndex(firstStep, level) == EnvelopeLevels.chunkIndex(lastStep, level);
    }

    /**
     * @param chunks    the batch's new points per chunk, every level, in key order
     * @param perSeries the batch's new points per series
     * @param series    the batch's series by id, each with its summary before this batch
     */
    static Split split(List<Map.Entry<ChunkPyramid.ChunkKey, PointAggregate>> chunks, Map<Long, PointAggregate> perSeries,
                       Map<Long, SeriesRegistry.SeriesRef> series) {
        var replaced = new ArrayList<Map.Entry<ChunkPyramid.ChunkKey, PointAggregate>>();
        var merged = new ArrayList<Map.Entry<ChunkPyramid.ChunkKey, PointAggregate>>(chunks.size());
        var becameExplicit = new java.util.HashSet<ChunkPyramid.ChunkKey>();
        for (var chunk : chunks) {
            var key = chunk.getKey();
            var old = series.get(key.seriesId()).summary();
            var added = perSeries.get(key.seriesId());
            long first = old.count == 0 ? added.firstStep : Math.min(old.firstStep, added.firstStep);
            long last = old.count == 0 ? added.lastStep : Math.max(old.lastStep, added.lastStep);
            if (isImplied(first, last, key.level())) continue;
            if (old.count > 0 && isImplied(old.firstStep, old.lastStep, key.level())) {
                var oldChunk = new ChunkPyramid.ChunkKey(key.seriesId(), key.level(),
                        EnvelopeLevels.chunkIndex(old.firstStep, key.level()));
                if (becameExplicit.add(oldChunk)) replaced.add(Map.entry(oldChunk, copy(old)));
                if (oldChunk.equals(key)) {
                    replacedAggregate(replaced, oldChunk).merge(chunk.getValue());
                    continue;
                }
            }
            merged.add(chunk);
        }
        replaced.sort(Map.Entry.comparingByKey(ChunkPyramid.ORDER));
        return new Split(replaced, merged);
    }

    private static PointAggregate replacedAggregate(List<Map.Entry<ChunkPyramid.ChunkKey, PointAggregate>> replaced,
                                                    ChunkPyramid.ChunkKey key) {
        for (int i = replaced.size() - 1; i >= 0; i--) {
            if (replaced.get(i).getKey().equals(key)) return replaced.get(i).getValue();
        }
        throw new IllegalStateException("no replaced chunk " + key);
    }

    private static PointAggregate copy(PointAggregate aggregate) {
        var copy = new PointAggregate();
        copy.merge(aggregate);
        return copy;
    }
}
