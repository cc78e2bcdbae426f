package dev.sextant.server.store.sql;

import dev.sextant.server.store.PointStorage;
import dev.sextant.server.store.PointStorage.ExperimentPoints;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Measures what points cost on disk. Each point table's bytes (SQLite: its pages and its indexes' pages from the
 * {@code dbstat} table; PostgreSQL: {@code pg_total_relation_size}, which counts indexes and TOAST) are shared out
 * among experiments by what each has in that table: raw rows, encoded block bytes, pyramid rows, series rows.
 */
final class PointStorageSql {
    private PointStorageSql() {}

    /** Per table, the SQL that gives each experiment's weight in it. */
    private static final Map<String, String> WEIGHTS = Map.of(
            "metric_points", """
                    SELECT r.experiment_id, SUM(p.weight) FROM (SELECT series_id, COUNT(*) AS weight FROM metric_points GROUP BY series_id) p
                    JOIN metric_series s ON s.series_id = p.series_id JOIN runs r ON r.run_id = s.run_id GROUP BY r.experiment_id""",
            // A block row's cost is its encoded bytes plus a few bytes of key and header.
            "metric_blocks", """
                    SELECT r.experiment_id, SUM(b.weight) FROM (SELECT series_id, SUM(LENGTH(data) + 16) AS weight FROM metric_blocks GROUP BY series_id) b
                    JOIN metric_series s ON s.series_id = b.series_id JOIN runs r ON r.run_id = s.run_id GROUP BY r.experiment_id""",
            "metric_chunks", """
                    SELECT r.experiment_id, SUM(c.weight) FROM (SELECT series_id, COUNT(*) AS weight FROM metric_chunks GROUP BY series_id) c
                    JOIN metric_series s ON s.series_id = c.series_id JOIN runs r ON r.run_id = s.run_id GROUP BY r.experiment_id""",
            "metric_series", """
                    SELECT r.experiment_id, COUNT(*) FROM metric_series s JOIN runs r ON r.run_id = s.run_id GROUP BY r.experiment_id""");

    static final List<String> POINT_TABLES = List.of("metric_points", "metric_blocks", "metric_chunks", "metric_series");

    static PointStorage measure(Handle handle) {
        var experiments = handle.createQuery("""
                SELECT e.experiment_id, e.name, e.lifecycle_stage,
                       (SELECT COALESCE(SUM(s.point_count), 0) FROM metric_series s JOIN runs r ON r.run_id = s.run_id
                        WHERE r.experiment_id = e.experiment_id) AS points
                FROM experiments e ORDER BY e.experiment_id""")
                .map((rs, ctx) -> new ExperimentPoints(Long.toString(rs.getLong("experiment_id")), rs.getString("name"),
                        rs.getString("lifecycle_stage"), rs.getLong("points"), 0)).list();
        var tableBytes = tableBytes(handle);
        var bytes = new HashMap<Long, Long>();
        long pointBytes = 0;
        for (var table : POINT_TABLES) {
            long total = tableBytes.tables().getOrDefault(table, 0L);
            pointBytes += total;
            var weights = new HashMap<Long, Long>();
            handle.createQuery(WEIGHTS.get(table)).map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getLong(2)))
                    .forEach(entry -> weights.put(entry.getKey(), entry.getValue()));
            Apportion.share(total, weights).forEach((id, share) -> bytes.merge(id, share, Long::sum));
        }
        var rows = new ArrayList<ExperimentPoints>();
        for (var row : experiments) {
            rows.add(new ExperimentPoints(row.experimentId(), row.name(), row.lifecycleStage(), row.points(),
                    bytes.getOrDefault(Long.parseLong(row.experimentId()), 0L)));
        }
        return new PointStorage(rows, pointBytes, tableBytes.database(), tableBytes.free(), tableBytes.method());
    }

    /** Each table's bytes, its indexes included, and the whole database's. */
    static TableBytes tableBytes(Handle handle) {
        return isSqlite(handle) ? sqliteTableBytes(handle) : postgresTableBytes(handle);
    }

    private static boolean isSqlite(Handle handle) {
        try {
            return handle.getConnection().getMetaData().getDatabaseProductName().equals("SQLite");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("reading the database's product name failed", e);
        }
    }

    private static TableBytes postgresTableBytes(Handle handle) {
        var tables = new HashMap<String, Long>();
        for (var table : POINT_TABLES) {
            tables.put(table, handle.createQuery("SELECT pg_total_relation_size(CAST(:table AS regclass))")
                    .bind("table", table).mapTo(Long.class).one());
        }
        long database = handle.createQuery("SELECT pg_database_size(current_database())").mapTo(Long.class).one();
        return new TableBytes(tables, database, 0, "pg_total_relation_size of each point table (indexes and TOAST included),"
                + " shared by each experiment's rows");
    }

    private static TableBytes sqliteTableBytes(Handle handle) {
        long pageSize = handle.createQuery("PRAGMA page_size").mapTo(Long.class).one();
        long pages = handle.createQuery("PRAGMA page_count").mapTo(Long.class).one();
        long free = handle.createQuery("PRAGMA freelist_count").mapTo(Long.class).one();
        var tables = new HashMap<String, Long>();
        // Every b-tree's pages, summed per table it belongs to (an index to its table). sqlite-jdbc builds dbstat in.
        handle.createQuery("""
                        SELECT m.tbl_name, SUM(d.pgsize) FROM dbstat d JOIN sqlite_schema m ON m.name = d.name
                        GROUP BY m.tbl_name""")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(entry -> tables.put(entry.getKey(), entry.getValue()));
        return new TableBytes(tables, pages * pageSize, free * pageSize,
                "SQLite dbstat: pages of each point table and its indexes, shared by each experiment's rows");
    }

    /** Bytes per table (its indexes included) and of the whole database, and how they were found. */
    record TableBytes(Map<String, Long> tables, long database, long free, String method) {}

    /** Splits a whole number of bytes by weights, exactly: the rounding remainder goes to the heaviest. */
    static final class Apportion {
        private Apportion() {}

        static Map<Long, Long> share(long total, Map<Long, Long> weights) {
            long sum = weights.values().stream().mapToLong(Long::longValue).sum();
            var shares = new HashMap<Long, Long>();
            if (sum == 0) return shares;
            long given = 0;
            Long heaviest = null;
            for (var entry : weights.entrySet()) {
                long share = (long) Math.floor((double) total * entry.getValue() / sum);
                shares.put(entry.getKey(), share);
                given += share;
                if (heaviest == null || entry.getValue() > weights.get(heaviest)) heaviest = entry.getKey();
            }
            shares.merge(heaviest, total - given, Long::sum);
            return shares;
        }
    }
}
