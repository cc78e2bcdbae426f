package dev.sextant.server.store.sql;

import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.store.BatchResult;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * The metric write path, on raw JDBC batches because it is the hottest code in the server. Points go
 * in with ON CONFLICT DO NOTHING; only the points the database reports as new are folded into the
 * series summaries and the envelope chunks, so a re-sent batch changes nothing at all. Chunks the batch completed,
 * or touched although sealed, are then sealed (ADR 0013).
 */
final class MetricWriteSql {
    private MetricWriteSql() {}

    /** The two summary upserts, which depend on the dialect only through its SQL for infinity. */
    private record Upserts(String series, String chunk) {
        private static final Map<String, Upserts> BY_INFINITY = new java.util.concurrent.ConcurrentHashMap<>();

        static Upserts of(SqlDialect dialect) {
            return BY_INFINITY.computeIfAbsent(dialect.positiveInfinity(), infinity -> new Upserts(
                    "INSERT INTO metric_series (series_id, run_id, key, " + SummaryMerge.COLUMNS + ") VALUES (?, ?, ?, "
                            + SummaryMerge.PLACEHOLDERS + ")\nON CONFLICT (series_id) DO UPDATE SET "
                            + SummaryMerge.setClause("metric_series", infinity),
                    "INSERT INTO metric_chunks (series_id, level, chunk_index, " + SummaryMerge.COLUMNS + ") VALUES (?, ?, ?, "
                            + SummaryMerge.PLACEHOLDERS + ")\nON CONFLICT (series_id, level, chunk_index) DO UPDATE SET "
                            + SummaryMerge.setClause("metric_chunks", infinity)));
        }
    }

    /** Writes a chunk whole, replacing whatever an older version of the server left in its row. */
    private static final String REPLACE_CHUNK = "INSERT INTO metric_chunks (series_id, level, chunk_index, "
            + SummaryMerge.COLUMNS + ") VALUES (?, ?, ?, " + SummaryMerge.PLACEHOLDERS + ")\n"
            + "ON CONFLICT (series_id, level, chunk_index) DO UPDATE SET " + SummaryMerge.replaceClause();

    static BatchResult insert(Handle handle, String runId, List<MetricPoint> points, SqlDialect dialect) {
        return insertAll(handle, List.of(new RunPoints(runId, points)), dialect).get(0);
    }

    /**
     * Writes several runs' points as one batch: one insert statement, one upsert per touched series and chunk, one
     * look at the blocks per series. The stored result is that of writing them one after another; each write's
     * result counts its own points (a point sent twice in the batch is new in the first write that holds it).
     */
    static List<BatchResult> insertAll(Handle handle, List<RunPoints> writes, SqlDialect dialect) {
        var points = new ArrayList<MetricPoint>();
        for (var write : writes) points.addAll(write.points());
        if (points.isEmpty()) return writes.stream().map(write -> new BatchResult(0, 0)).toList();
        var inserter = dialect.pointInserter();
        try {
            var series = new HashMap<Long, SeriesRegistry.SeriesRef>();
            var seriesIds = new long[points.size()];
            int at = 0;
            // Several writes (a coalesced group) look their series up together: one query, not one a write.
            var groupRefs = writes.size() > 1 ? SeriesRegistry.ensureAll(handle, dialect, writes) : null;
            for (var write : writes) {
                if (write.points().isEmpty()) continue;
                var refs = groupRefs != null ? groupRefs.get(write.runId())
                        : SeriesRegistry.ensure(handle, dialect, write.runId(), write.points());
                for (var ref : refs.values()) series.putIfAbsent(ref.id(), ref);
                for (var point : write.points()) seriesIds[at++] = refs.get(point.key()).id();
            }
            var direct = DirectBlocks.select(handle, points, seriesIds, series);
            int[] counts = insertRaw(handle, inserter, points, seriesIds, direct);
            DirectBlocks.write(handle, points, seriesIds, series, direct, counts);
            var sealing = ChunkSealer.plan(handle, points, seriesIds, counts, direct, series);

            var perSeries = new TreeMap<Long, PointAggregate>(); // sorted: one lock order for every writer
            var pyramid = new ChunkPyramid();
            for (int i = 0; i < points.size(); i++) {
                if (counts[i] <= 0) continue; // already stored: a re-send must not count twice
                var point = points.get(i);
                var ref = series.get(seriesIds[i]);
                perSeries.computeIfAbsent(ref.id(), id -> new PointAggregate())
                        .add(point.step(), point.timestampMs(), point.value());
                pyramid.add(ref.id(), ref.minLevel(), point.step(), point.timestampMs(), point.value());
            }
            var chunks = ImpliedChunks.split(pyramid.allLevels(), perSeries, series);
            writeChunks(handle, REPLACE_CHUNK, chunks.replaced());
            var upserts = Upserts.of(dialect);
            writeChunks(handle, upserts.chunk(), chunks.merged());
            upsertSeries(handle, upserts.series(), perSeries, series);
            ChunkSealer.seal(handle, sealing);
            return results(writes, counts);
        } catch (SQLException e) {
            throw new IllegalStateException("writing metrics failed", e);
        }
    }

    private static List<BatchResult> results(List<RunPoints> writes, int[] counts) {
        var results = new ArrayList<BatchResult>(writes.size());
        int at = 0;
        for (var write : writes) {
            int written = 0;
            for (int i = 0; i < write.points().size(); i++) if (counts[at++] > 0) written++;
            results.add(new BatchResult(written, write.points().size() - written));
        }
        return results;
    }

    /** Inserts the points not bound straight for blocks; returns the counts by index (0 for the others, for now). */
    private static int[] insertRaw(Handle handle, PointInserter inserter, List<MetricPoint> points, long[] seriesIds,
                                   boolean[] direct) throws SQLException {
        int rawCount = 0;
        for (boolean d : direct) if (!d) rawCount++;
        if (rawCount == points.size()) return inserter.insert(handle, points, seriesIds);
        var counts = new int[points.size()];
        if (rawCount == 0) return counts;
        var rawPoints = new ArrayList<MetricPoint>(rawCount);
        var rawIds = new long[rawCount];
        var at = new int[rawCount];
        for (int i = 0, r = 0; i < points.size(); i++) {
            if (direct[i]) continue;
            rawPoints.add(points.get(i));
            rawIds[r] = seriesIds[i];
            at[r++] = i;
        }
        int[] rawCounts = inserter.insert(handle, rawPoints, rawIds);
        for (int r = 0; r < rawCount; r++) counts[at[r]] = rawCounts[r];
        return counts;
    }

    private static void writeChunks(Handle handle, String sql, List<Map.Entry<ChunkPyramid.ChunkKey, PointAggregate>> chunks)
            throws SQLException {
        if (chunks.isEmpty()) return;
        StatementCache.with(handle, sql, statement -> {
            for (var chunk : chunks) {
                statement.setLong(1, chunk.getKey().seriesId());
                statement.setInt(2, chunk.getKey().level());
                statement.setLong(3, chunk.getKey().index());
                SummaryMerge.bind(statement, 4, chunk.getValue());
                statement.addBatch();
            }
            return statement.executeBatch();
        });
    }

    private static void upsertSeries(Handle handle, String upsert, Map<Long, PointAggregate> perSeries,
                                     Map<Long, SeriesRegistry.SeriesRef> series) throws SQLException {
        if (perSeries.isEmpty()) return;
        StatementCache.with(handle, upsert, statement -> {
            for (var summary : perSeries.entrySet()) {
                var ref = series.get(summary.getKey());
                statement.setLong(1, summary.getKey());
                statement.setString(2, ref.runId());
                statement.setString(3, ref.key());
                SummaryMerge.bind(statement, 4, summary.getValue());
                statement.addBatch();
            }
            return statement.executeBatch();
        });
    }
}
