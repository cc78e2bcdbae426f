package dev.sextant.server.store.sql;

import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.domain.RawPoint;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;

/**
 * Seals chunks of series (ADR 0013): a chunk's raw rows and its block, if it has one, become one block, and the raw
 * rows are deleted, in the caller's transaction. A series seals a chunk once its last step has moved past it, and
 * every chunk when its run ends; a point that arrives in a sealed chunk is written raw and the chunk sealed again.
 */
final class ChunkSealer {
    private ChunkSealer() {}

    /** The chunks a metric batch must (re)seal, per series, in lock order. */
    record Plan(Map<Long, TreeSet<Long>> chunks, Map<Long, Integer> levels) {}

    /**
     * Marks the inserted points that a sealed chunk already holds as not new ({@code counts[i] = 0}), since
     * metric_points' key could not see them, and says which chunks to seal after the batch: those its points landed
     * in that are sealed or complete, and the chunk the series was in before, once the series has left it. Points
     * written straight into blocks ({@code direct}) need nothing more.
     */
    static Plan plan(Handle handle, List<MetricPoint> points, long[] seriesIds, int[] counts, boolean[] direct,
                     Map<Long, SeriesRegistry.SeriesRef> byId) throws SQLException {
        var inserted = new TreeMap<Long, List<Integer>>();
        for (int i = 0; i < points.size(); i++) {
            if (counts[i] > 0 && !direct[i]) inserted.computeIfAbsent(seriesIds[i], id -> new ArrayList<>()).add(i);
        }
        var plan = new Plan(new TreeMap<>(), new HashMap<>());
        for (var entry : inserted.entrySet()) {
            var ref = byId.get(entry.getKey());
            int level = ref.blockLevel();
            var before = ref.summary();
            long lastStep = before.count > 0 ? before.lastStep : Long.MIN_VALUE;
            for (int i : entry.getValue()) lastStep = Math.max(lastStep, points.get(i).step());
            long current = lastStep >> level;
            var chunks = new TreeSet<Long>();
            if (before.count > 0 && (before.lastStep >> level) < current) chunks.add(before.lastStep >> level);
            // Only chunks up to the one the series was in can be sealed already, and of those only the ones this
            // batch's points land in matter: asking for every sealed chunk from the batch's first up to the series'
            // last made a point written far behind the end of a long series (a resumed job, a backfill) read thousands
            // of block rows. The last sealed chunk read with the row only says whether to look, never bounds the
            // look: on PostgreSQL its MAX(chunk_index) subquery keeps the statement's snapshot when the row lock was
            // waited for, so it can miss chunks the writer before sealed (bounded by it, the concurrent-writers
            // contract counted points twice); this lookup, a statement of its own, sees them.
            var candidates = new TreeSet<Long>();
            for (int i : entry.getValue()) {
                long chunk = points.get(i).step() >> level;
                if (chunk < current) chunks.add(chunk);
                if (before.count > 0 && chunk <= (before.lastStep >> level)) candidates.add(chunk);
            }
            if (!candidates.isEmpty() && candidates.first() <= ref.lastSealedChunk()) {
                var sealed = new ArrayList<>(SealedBlocks.sealedChunks(handle, ref.id(), candidates.first(), candidates.last()));
                sealed.retainAll(candidates);
                if (!sealed.isEmpty()) dropStoredPoints(handle, ref.id(), level, sealed, points, entry.getValue(), counts);
                chunks.addAll(sealed);
            }
            if (!chunks.isEmpty()) {
                plan.chunks().put(ref.id(), chunks);
                plan.levels().put(ref.id(), level);
            }
        }
        return plan;
    }

    static void seal(Handle handle, Plan plan) throws SQLException {
        for (var entry : plan.chunks().entrySet()) {
            for (long chunk : entry.getValue()) seal(handle, entry.getKey(), plan.levels().get(entry.getKey()), chunk);
        }
    }

    /** Seals every chunk of the run's series that has raw rows (the run ended). */
    static void sealRun(Handle handle, String runId, SqlDialect dialect) {
        // Locks the series rows as a metric batch does, so a batch on another replica waits rather than interleaves.
        var series = handle.createQuery("SELECT series_id, block_level FROM metric_series WHERE run_id = :runId ORDER BY series_id"
                        + dialect.updateLock())
                .bind("runId", runId).map((rs, ctx) -> new long[] {rs.getLong(1), rs.getInt(2)}).list();
        try {
            for (var row : series) sealSeries(handle, row[0], (int) row[1]);
        } catch (SQLException e) {
            throw new IllegalStateException("sealing the metric chunks of run " + runId + " failed", e);
        }
    }

    /** Seals every chunk of one series that has raw rows; returns how many raw rows it moved into blocks. */
    static long sealSeries(Handle handle, long seriesId, int level) throws SQLException {
        long moved = 0;
        var from = nextRawStep(handle, seriesId, Long.MIN_VALUE);
        while (from != null) {
            long chunk = from >> level;
            moved += seal(handle, seriesId, level, chunk);
            long end = SealedBlocks.lastStep(chunk, level);
            from = end == Long.MAX_VALUE ? null : nextRawStep(handle, seriesId, end + 1);
        }
        return moved;
    }

    /**
     * Merges the chunk's raw rows into its block (duplicates of stored points dropped) and deletes the rows; returns
     * how many raw rows it deleted.
     */
    static int seal(Handle handle, long seriesId, int level, long chunk) throws SQLException {
        long from = SealedBlocks.firstStep(chunk, level);
        long to = SealedBlocks.lastStep(chunk, level);
        var raw = rawPoints(handle, seriesId, from, to);
        if (raw.isEmpty()) return 0;
        var merged = new ArrayList<>(SealedBlocks.find(handle, seriesId, chunk).orElse(List.of()));
        merged.addAll(raw);
        merged.sort(PointOrder.COMPARATOR); // stable: a point already sealed stays ahead of its re-sent copy
        var distinct = new ArrayList<RawPoint>(merged.size());
        for (var point : merged) {
            if (distinct.isEmpty() || PointOrder.COMPARATOR.compare(distinct.get(distinct.size() - 1), point) != 0) {
                distinct.add(point);
            }
        }
        SealedBlocks.store(handle, seriesId, chunk, distinct);
        return StatementCache.with(handle, "DELETE FROM metric_points WHERE series_id = ? AND step BETWEEN ? AND ?", statement -> {
            statement.setLong(1, seriesId);
            statement.setLong(2, from);
            statement.setLong(3, to);
            return statement.executeUpdate();
        });
    }

    private static void dropStoredPoints(Handle handle, long seriesId, int level, List<Long> sealed,
                                         List<MetricPoint> points, List<Integer> inserted, int[] counts) {
        for (long chunk : sealed) {
            List<RawPoint> stored = null;
            for (int i : inserted) {
                var point = points.get(i);
                if (point.step() >> level != chunk) continue;
                if (stored == null) stored = SealedBlocks.find(handle, seriesId, chunk).orElse(List.of());
                var raw = new RawPoint(point.step(), point.timestampMs(), point.value());
                if (Collections.binarySearch(stored, raw, PointOrder.COMPARATOR) >= 0) counts[i] = 0;
            }
        }
    }

    static List<RawPoint> rawPoints(Handle handle, long seriesId, long from, long to) throws SQLException {
        return StatementCache.with(handle, """
                SELECT step, timestamp_ms, value, is_nan FROM metric_points WHERE series_id = ? AND step BETWEEN ? AND ?""",
                statement -> {
                    statement.setLong(1, seriesId);
                    statement.setLong(2, from);
                    statement.setLong(3, to);
                    var points = new ArrayList<RawPoint>();
                    try (var rs = statement.executeQuery()) {
                        while (rs.next()) {
                            points.add(new RawPoint(rs.getLong(1), rs.getLong(2), rs.getInt(4) == 1 ? Double.NaN : rs.getDouble(3)));
                        }
                    }
                    return points;
                });
    }

    static Long nextRawStep(Handle handle, long seriesId, long from) throws SQLException {
        return StatementCache.with(handle, "SELECT MIN(step) FROM metric_points WHERE series_id = ? AND step >= ?", statement -> {
            statement.setLong(1, seriesId);
            statement.setLong(2, from);
            try (var rs = statement.executeQuery()) {
                rs.next();
                long step = rs.getLong(1);
                return rs.wasNull() ? null : step;
            }
        });
    }
}
