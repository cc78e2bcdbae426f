package dev.sextant.server.store.sql;

import dev.sextant.server.domain.MetricPoint;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;

/** Finds the metric_series rows of a batch's keys, creating empty ones for keys this run has not logged before. */
final class SeriesRegistry {
    private SeriesRegistry() {}

    /** No chunk of the series is sealed. */
    static final long NO_SEALED_CHUNK = Long.MIN_VALUE;

    /**
     * A series' id, its run and key, the finest envelope level it keeps, the step span of its sealed blocks
     * (2^blockLevel), its summary as it was read (count 0 when empty) and the index of its last sealed chunk then
     * ({@link #NO_SEALED_CHUNK} when none), so a point past it needs no look at the blocks.
     */
    record SeriesRef(long id, String runId, String key, int minLevel, int blockLevel, PointAggregate summary,
                     long lastSealedChunk) {}

    /**
     * The insert skips keys another writer created meanwhile (on another replica too), and the ids are
     * read after it, so two racing writers agree on one series per key.
     */
    static Map<String, SeriesRef> ensure(Handle handle, SqlDialect dialect, String runId, List<MetricPoint> points) {
        var keys = new TreeSet<String>();
        for (var point : points) keys.add(point.key());
        var refs = find(handle, dialect, runId, keys);
        if (refs.size() == keys.size()) return refs;
        var batch = handle.prepareBatch("""
                INSERT INTO metric_series (run_id, experiment_id, key, point_count, nan_count, sum_value, first_step,
                    first_timestamp_ms, last_step, last_timestamp_ms, min_level, block_level)
                SELECT run_id, experiment_id, :key, 0, 0, 0, 0, 0, 0, 0, :minLevel, :blockLevel FROM runs WHERE run_id = :runId
                ON CONFLICT (run_id, key) DO NOTHING""");
        for (var key : keys) {
            if (refs.containsKey(key)) continue;
            int spacing = EnvelopeLevels.minLevelFor(points.stream().filter(p -> p.key().equals(key)).mapToLong(MetricPoint::step).toArray());
            batch.bind("runId", runId).bind("key", key)
                    .bind("minLevel", EnvelopeLevels.keptMinLevel(spacing)).bind("blockLevel", EnvelopeLevels.blockLevel(spacing)).add();
        }
        batch.execute();
        ExperimentKeySql.add(handle, runId, ExperimentKeySql.METRIC, keys.stream().filter(key -> !refs.containsKey(key)).toList());
        return find(handle, dialect, runId, keys);
    }

    /** On every metric write, so raw JDBC on a reused statement rather than a JDBI query. */
    private static Map<String, SeriesRef> find(Handle handle, SqlDialect dialect, String runId, Set<String> keys) {
        var refs = new HashMap<String, SeriesRef>();
        // One key (a log_metric call) looks its row up; more keys read the run's series in one go.
        // The last sealed chunk comes with the row (one index seek) rather than as a probe of its own per write.
        String sql = "SELECT key, series_id, min_level, block_level,"
                + " (SELECT MAX(b.chunk_index) FROM metric_blocks b WHERE b.series_id = metric_series.series_id), "
                + SummaryMerge.COLUMNS + " FROM metric_series WHERE run_id = ?"
                + (keys.size() == 1 ? " AND key = ?" : "") + " ORDER BY series_id" + dialect.updateLock();
        try {
            StatementCache.with(handle, sql, statement -> {
                statement.setString(1, runId);
                if (keys.size() == 1) statement.setString(2, keys.iterator().next());
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        var key = rows.getString(1);
                        if (!keys.contains(key)) continue;
                        long lastSealed = rows.getLong(5);
                        if (rows.wasNull()) lastSealed = NO_SEALED_CHUNK;
                        refs.put(key, new SeriesRef(rows.getLong(2), runId, key, rows.getInt(3), rows.getInt(4),
                                SummaryMerge.read(rows, 6), lastSealed));
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("reading the metric series of run " + runId + " failed", e);
        }
        return refs;
    }
}
