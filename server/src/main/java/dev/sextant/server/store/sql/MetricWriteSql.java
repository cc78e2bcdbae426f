package dev.sextant.server.store.sql;

import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.store.BatchResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;

/**
 * The metric write path, on raw JDBC batches because it is the hottest code in the server. Points go
 * in with ON CONFLICT DO NOTHING; only the points the database reports as new are folded into the
 * series summaries and the envelope chunks, so a re-sent batch changes nothing at all.
 */
final class MetricWriteSql {
    private MetricWriteSql() {}

    private static final String INSERT_POINT = """
            INSERT INTO metric_points (series_id, step, timestamp_ms, value, is_nan) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING""";

    private static final String UPSERT_SERIES = "INSERT INTO metric_series (series_id, run_id, key, "
            + SummaryMerge.COLUMNS + ") VALUES (?, ?, ?, " + SummaryMerge.PLACEHOLDERS + ")\n"
            + "ON CONFLICT (series_id) DO UPDATE SET " + SummaryMerge.setClause("metric_series");

    private static final String UPSERT_CHUNK = "INSERT INTO metric_chunks (series_id, level, chunk_index, "
            + SummaryMerge.COLUMNS + ") VALUES (?, ?, ?, " + SummaryMerge.PLACEHOLDERS + ")\n"
            + "ON CONFLICT (series_id, level, chunk_index) DO UPDATE SET " + SummaryMerge.setClause("metric_chunks");

    private record ChunkKey(long seriesId, int level, long index) {}

    private static final Comparator<ChunkKey> CHUNK_ORDER = Comparator.comparingLong(ChunkKey::seriesId)
            .thenComparingInt(ChunkKey::level).thenComparingLong(ChunkKey::index);

    static BatchResult insert(Handle handle, String runId, List<MetricPoint> points) {
        if (points.isEmpty()) return new BatchResult(0, 0);
        try {
            var seriesIds = ensureSeries(handle, runId, points);
            var connection = handle.getConnection();
            int[] counts = insertPoints(connection, points, seriesIds);

            var perSeries = new TreeMap<Long, PointAggregate>(); // sorted: one lock order for every writer
            var chunks = new HashMap<ChunkKey, PointAggregate>();
            int firstLevel = EnvelopeLevels.LEVELS[0];
            int written = 0;
            for (int i = 0; i < points.size(); i++) {
                if (counts[i] <= 0) continue; // already stored: a re-send must not count twice
                written++;
                var point = points.get(i);
                long seriesId = seriesIds.get(point.key());
                perSeries.computeIfAbsent(seriesId, id -> new PointAggregate())
                        .add(point.step(), point.timestampMs(), point.value());
                chunks.computeIfAbsent(new ChunkKey(seriesId, firstLevel, EnvelopeLevels.chunkIndex(point.step(), firstLevel)),
                        key -> new PointAggregate()).add(point.step(), point.timestampMs(), point.value());
            }
            var allChunks = new ArrayList<Map.Entry<ChunkKey, PointAggregate>>(chunks.entrySet());
            var previous = chunks;
            for (int l = 1; l < EnvelopeLevels.LEVELS.length; l++) {
                int level = EnvelopeLevels.LEVELS[l];
                int shift = level - EnvelopeLevels.LEVELS[l - 1];
                var current = new HashMap<ChunkKey, PointAggregate>();
                previous.forEach((key, aggregate) -> current
                        .computeIfAbsent(new ChunkKey(key.seriesId(), level, key.index() >> shift), k -> new PointAggregate())
                        .merge(aggregate));
                allChunks.addAll(current.entrySet());
                previous = current;
            }
            allChunks.sort(Map.Entry.comparingByKey(CHUNK_ORDER));
            upsertChunks(connection, allChunks);
            upsertSeries(connection, runId, perSeries, seriesIds);
            return new BatchResult(written, points.size() - written);
        } catch (SQLException e) {
            throw new IllegalStateException("writing metrics failed", e);
        }
    }

    /**
     * Inserts in primary-key order, so concurrent writers of overlapping batches lock rows in the same
     * order and cannot deadlock; returns the per-row counts in the caller's order.
     */
    private static int[] insertPoints(Connection connection, List<MetricPoint> points, Map<String, Long> seriesIds)
            throws SQLException {
        var order = new Integer[points.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.<Integer>comparingLong(i -> seriesIds.get(points.get(i).key()))
                .thenComparingLong(i -> points.get(i).step())
                .thenComparingLong(i -> points.get(i).timestampMs())
                .thenComparingDouble(i -> points.get(i).value()));
        try (PreparedStatement statement = connection.prepareStatement(INSERT_POINT)) {
            for (int index : order) {
                var point = points.get(index);
                boolean nan = Double.isNaN(point.value());
                statement.setLong(1, seriesIds.get(point.key()));
                statement.setLong(2, point.step());
                statement.setLong(3, point.timestampMs());
                statement.setDouble(4, nan ? 0.0 : point.value());
                statement.setInt(5, nan ? 1 : 0);
                statement.addBatch();
            }
            int[] sortedCounts = statement.executeBatch();
            int[] counts = new int[points.size()];
            for (int i = 0; i < order.length; i++) {
                if (sortedCounts[i] == Statement.SUCCESS_NO_INFO) {
                    throw new IllegalStateException("the JDBC driver did not report per-row insert counts");
                }
                counts[order[i]] = sortedCounts[i];
            }
            return counts;
        }
    }

    /**
     * Series ids by key, creating empty series rows for keys this run has not logged before. The insert
     * skips keys another writer created meanwhile (on another replica too) and the ids are read after it.
     */
    private static Map<String, Long> ensureSeries(Handle handle, String runId, List<MetricPoint> points) {
        var keys = new TreeSet<String>();
        for (var point : points) keys.add(point.key());
        var ids = seriesIds(handle, runId, keys);
        if (ids.size() == keys.size()) return ids;
        var batch = handle.prepareBatch("""
                INSERT INTO metric_series (run_id, key, point_count, nan_count, sum_value, first_step,
                    first_timestamp_ms, last_step, last_timestamp_ms)
                VALUES (:runId, :key, 0, 0, 0, 0, 0, 0, 0)
                ON CONFLICT (run_id, key) DO NOTHING""");
        for (var key : keys) {
            if (!ids.containsKey(key)) batch.bind("runId", runId).bind("key", key).add();
        }
        batch.execute();
        return seriesIds(handle, runId, keys);
    }

    private static Map<String, Long> seriesIds(Handle handle, String runId, Set<String> keys) {
        var ids = new HashMap<String, Long>();
        handle.createQuery("SELECT key, series_id FROM metric_series WHERE run_id = :runId")
                .bind("runId", runId)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(entry -> {
                    if (keys.contains(entry.getKey())) ids.put(entry.getKey(), entry.getValue());
                });
        return ids;
    }

    private static void upsertChunks(Connection connection, List<Map.Entry<ChunkKey, PointAggregate>> chunks)
            throws SQLException {
        if (chunks.isEmpty()) return;
        try (PreparedStatement statement = connection.prepareStatement(UPSERT_CHUNK)) {
            for (var chunk : chunks) {
                statement.setLong(1, chunk.getKey().seriesId());
                statement.setInt(2, chunk.getKey().level());
                statement.setLong(3, chunk.getKey().index());
                SummaryMerge.bind(statement, 4, chunk.getValue());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static void upsertSeries(Connection connection, String runId, Map<Long, PointAggregate> perSeries,
                                     Map<String, Long> seriesIds) throws SQLException {
        if (perSeries.isEmpty()) return;
        var keyById = new HashMap<Long, String>();
        seriesIds.forEach((key, id) -> keyById.put(id, key));
        try (PreparedStatement statement = connection.prepareStatement(UPSERT_SERIES)) {
            for (var series : perSeries.entrySet()) {
                statement.setLong(1, series.getKey());
                statement.setString(2, runId);
                statement.setString(3, keyById.get(series.getKey()));
                SummaryMerge.bind(statement, 4, series.getValue());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }
}
