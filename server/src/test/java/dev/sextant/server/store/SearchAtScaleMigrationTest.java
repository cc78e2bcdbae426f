package dev.sextant.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.domain.Run;
import dev.sextant.server.domain.ViewType;
import dev.sextant.server.store.postgres.PostgresCluster;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database made before migration 9 (the column list's key table, and metric series that know their experiment)
 * comes out of it with the keys its runs already use listed, and with searches ordered by a metric that find the
 * runs logged before it.
 */
class SearchAtScaleMigrationTest {
    private static final String RUN_A = "a".repeat(32);
    private static final String RUN_B = "b".repeat(32);

    @TempDir
    Path folder;

    @Test
    void an_sqlite_database_from_before_migration_9_lists_its_keys_and_orders_by_its_metrics() throws SQLException {
        checkUpgrade(folder.resolve("old.db").toString());
    }

    @Test
    void a_postgresql_database_from_before_migration_9_lists_its_keys_and_orders_by_its_metrics() throws SQLException {
        checkUpgrade(PostgresCluster.shared().createDatabase());
    }

    private static void checkUpgrade(String database) throws SQLException {
        OlderDatabase.migratedTo(database, "8", statement -> {
            statement.executeUpdate("INSERT INTO experiments (experiment_id, name, creation_time_ms, last_update_time_ms)"
                    + " VALUES (5, 'old', 1, 1)");
            for (var run : List.of(RUN_A, RUN_B)) {
                statement.executeUpdate("INSERT INTO runs (run_id, experiment_id, name, status, start_time_ms)"
                        + " VALUES ('" + run + "', 5, 'r', 'FINISHED', 1)");
            }
            statement.executeUpdate("INSERT INTO params (run_id, key, value) VALUES ('" + RUN_A + "', 'lr', '0.1')");
            statement.executeUpdate("INSERT INTO run_tags (run_id, key, value) VALUES ('" + RUN_B + "', 'team', 'x')");
            statement.executeUpdate("INSERT INTO metric_series (run_id, key, point_count, nan_count, first_step,"
                    + " first_timestamp_ms, last_step, last_timestamp_ms, last_value) VALUES"
                    + " ('" + RUN_A + "', 'loss', 1, 0, 0, 1, 0, 1, 0.5), ('" + RUN_B + "', 'loss', 1, 0, 0, 1, 0, 1, 0.25)");
        });

        try (var store = StoreFactory.open(database)) {
            var keys = store.listExperimentKeys("5");
            assertThat(keys.params()).containsExactly("lr");
            assertThat(keys.metrics()).containsExactly("loss");
            assertThat(keys.tags()).containsExactly("team");
            var byLoss = store.searchRuns(new RunQuery(List.of("5"), "", List.of("metrics.loss ASC"), ViewType.ACTIVE_ONLY,
                    10, null));
            assertThat(byLoss.items()).extracting(Run::runId).containsExactly(RUN_B, RUN_A);
        }
    }
}
