package dev.sextant.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.store.postgres.PostgresCluster;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Summaries and chunks written before migration 10 kept whichever of two points tied on (step, timestamp) arrived
 * first or last; after it they hold the least and greatest by value, as new writes do (NaN as 0, just after a real 0).
 */
class TieRuleMigrationTest {
    private static final String RUN = "c".repeat(32);

    @TempDir
    Path folder;

    @Test
    void an_sqlite_database_from_before_migration_10_gets_first_and_last_by_the_tie_rule() throws Exception {
        checkUpgrade(folder.resolve("old.db").toString());
    }

    @Test
    void a_postgresql_database_from_before_migration_10_gets_first_and_last_by_the_tie_rule() throws Exception {
        checkUpgrade(PostgresCluster.shared().createDatabase());
    }

    private static void checkUpgrade(String database) throws Exception {
        OlderDatabase.migratedTo(database, "9", statement -> execute(statement,
                "INSERT INTO experiments (experiment_id, name, creation_time_ms, last_update_time_ms) VALUES (5, 'old', 1, 1)",
                "INSERT INTO runs (run_id, experiment_id, name, status, start_time_ms) VALUES ('" + RUN + "', 5, 'r', 'FINISHED', 1)",
                // Series 1: 2.0 then 1.0 at step 5, time 7 (stored first 2.0, last 1.0: arrival order).
                "INSERT INTO metric_points (series_id, step, timestamp_ms, value, is_nan) VALUES"
                        + " (1, 5, 7, 2.0, 0), (1, 5, 7, 1.0, 0), (2, 3, 1, -1.0, 0), (2, 3, 1, 0, 1), (3, 0, 0, 4.0, 0), (3, 9, 9, 5.0, 0)",
                summaryRow("metric_series (series_id, run_id, key, experiment_id, ", "1, '" + RUN + "', 'tied', 5, ", 2, 5, 7, "2.0", "1.0"),
                // Series 2: NaN then -1.0 at step 3, time 1: NaN (as 0) is the greater, -1.0 the lesser.
                summaryRow("metric_series (series_id, run_id, key, experiment_id, ", "2, '" + RUN + "', 'nan', 5, ", 2, 3, 1, "NULL", "-1.0"),
                // Series 3: no tie, left alone.
                "INSERT INTO metric_series (series_id, run_id, key, experiment_id, point_count, nan_count, min_value, max_value,"
                        + " sum_value, first_step, first_timestamp_ms, first_value, last_step, last_timestamp_ms, last_value)"
                        + " VALUES (3, '" + RUN + "', 'plain', 5, 2, 0, 4.0, 5.0, 9.0, 0, 0, 4.0, 9, 9, 5.0)",
                summaryRow("metric_chunks (series_id, level, chunk_index, ", "1, 4, 0, ", 2, 5, 7, "2.0", "1.0")));

        try (var store = StoreFactory.open(database)) {
            var byKey = new java.util.HashMap<String, double[]>();
            for (var summary : store.listMetrics(RUN)) byKey.put(summary.key(), new double[] {summary.first(), summary.last()});
            assertThat(byKey.get("tied")).containsExactly(1.0, 2.0);
            assertThat(byKey.get("nan")).containsExactly(-1.0, Double.NaN);
            assertThat(byKey.get("plain")).containsExactly(4.0, 5.0);
        }
        var chunkSource = StoreFactory.dialect(database).openDataSource();
        try (var connection = chunkSource.getConnection(); var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT first_value, last_value FROM metric_chunks WHERE series_id = 1")) {
            assertThat(rows.next()).isTrue();
            assertThat(List.of(rows.getDouble(1), rows.getDouble(2))).containsExactly(1.0, 2.0);
        } finally {
            if (chunkSource instanceof AutoCloseable closeable) closeable.close();
        }
    }

    /** A summary row of two points tied at (step, time), with the first and last values an old server kept. */
    private static String summaryRow(String tableAndKeyColumns, String keyValues, int count, long step, long timeMs,
                                     String first, String last) {
        return "INSERT INTO " + tableAndKeyColumns + "point_count, nan_count, min_value, max_value, sum_value, first_step,"
                + " first_timestamp_ms, first_value, last_step, last_timestamp_ms, last_value) VALUES (" + keyValues + count
                + ", 0, NULL, NULL, 0, " + step + ", " + timeMs + ", " + first + ", " + step + ", " + timeMs + ", " + last + ")";
    }

    private static void execute(Statement statement, String... sql) throws SQLException {
        for (var each : sql) statement.executeUpdate(each);
    }
}
