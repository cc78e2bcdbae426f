package dev.sextant.server.store.sql;

import dev.sextant.server.domain.MetricPoint;
import java.sql.SQLException;
import java.util.ArrayList;
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

    /** The most (run, key) pairs one look-up binds; its statement is padded to a power of two so few texts are cached. */
    static final int PAIRS_A_LOOKUP = 32;

    /**
     * {@link #ensure} for several runs' writes (a coalesced group): the series rows of every (run, key) pair the writes
     * name, by run id and key. The pairs that exist already are read in one query a {@value #PAIRS_A_LOOKUP} pairs
     * instead of one a write; a write with a key its run has not logged yet goes through {@link #ensure}, as alone.
     */
    static Map<String, Map<String, SeriesRef>> ensureAll(Handle handle, SqlDialect dialect, List<RunPoints> writes) {
        var wanted = new java.util.LinkedHashMap<String, Set<String>>();
        for (var write : writes) {
            var keys = wanted.computeIfAbsent(write.runId(), runId -> new TreeSet<>());
            for (var point : write.points()) keys.add(point.key());
        }
        var pairs = new ArrayList<String[]>();
        wanted.forEach((runId, keys) -> keys.forEach(key -> pairs.add(new String[] {runId, key})));
        var found = new HashMap<String, Map<String, SeriesRef>>();
        for (int from = 0; from < pairs.size(); from += PAIRS_A_LOOKUP) {
            findPairs(handle, dialect, pairs.subList(from, Math.min(pairs.size(), from + PAIRS_A_LOOKUP)), found);
        }
        for (var write : writes) {
            var refs = found.computeIfAbsent(write.runId(), runId -> new HashMap<>());
            if (refs.size() < wanted.get(write.runId()).size()) refs.putAll(ensure(handle, dialect, write.runId(), write.points()));
        }
        return found;
    }

    private static void findPairs(Handle handle, SqlDialect dialect, List<String[]> pairs, Map<String, Map<String, SeriesRef>> found) {
        int slots = StatementCache.paddedSlots(pairs.size());
        String sql = "SELECT key, series_id, min_level, block_level,"
                + " (SELECT MAX(b.chunk_index) FROM metric_blocks b WHERE b.series_id = metric_series.series_id), "
                + SummaryMerge.COLUMNS + ", run_id FROM metric_series WHERE (run_id, key) IN (VALUES "
                + "(?, ?), ".repeat(slots - 1) + "(?, ?)) ORDER BY series_id" + dialect.updateLock();
        try {
            StatementCache.with(handle, sql, statement -> {
                // The slots past the pairs repeat the last one: IN ignores the duplicates.
                for (int i = 0; i < slots; i++) {
                    var pair = pairs.get(Math.min(i, pairs.size() - 1));
                    statement.setString(2 * i + 1, pair[0]);
                    statement.setString(2 * i + 2, pair[1]);
                }
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        var ref = ref(rows, rows.getString(6 + SummaryMerge.COLUMN_COUNT), rows.getString(1));
                        found.computeIfAbsent(ref.runId(), runId -> new HashMap<>()).put(ref.key(), ref);
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("reading the metric series of " + pairs.size() + " writes failed", e);
        }
    }

    /** A series row read with the columns of {@link #find}: key, id, levels, last sealed chunk, then the summary. */
    private static SeriesRef ref(java.sql.ResultSet rows, String runId, String key) throws SQLException {
        long lastSealed = rows.getLong(5);
        if (rows.wasNull()) lastSealed = NO_SEALED_CHUNK;
        return new SeriesRef(rows.getLong(2), runId, key, rows.getInt(3), rows.getInt(4), SummaryMerge.read(rows, 6), lastSealed);
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
                        refs.put(key, ref(rows, runId, key));
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
