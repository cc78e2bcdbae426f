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
 * A database made before migration 12 (params that know their experiment, and their value index) comes out of it
 * with searches that read the runs a param equality admits from that index finding the params logged before it.
 */
class ParamsByValueMigrationTest {
    private static final String RUN_A = "a".repeat(32);
    private static final String RUN_B = "b".repeat(32);
    private static final String RUN_C = "c".repeat(32);

    @TempDir
    Path folder;

    @Test
    void an_sqlite_database_from_before_migration_12_finds_runs_by_their_params_through_the_index() throws SQLException {
        checkUpgrade(folder.resolve("old.db").toString());
    }

    @Test
    void a_postgresql_database_from_before_migration_12_finds_runs_by_their_params_through_the_index() throws SQLException {
        checkUpgrade(PostgresCluster.shared().createDatabase());
    }

    private static void checkUpgrade(String database) throws SQLException {
        OlderDatabase.migratedTo(database, "11", statement -> {
            statement.executeUpdate("INSERT INTO experiments (experiment_id, name, creation_time_ms, last_update_time_ms)"
                    + " VALUES (5, 'old', 1, 1), (6, 'other', 1, 1)");
            for (var run : List.of(RUN_A, RUN_B, RUN_C)) {
                statement.executeUpdate("INSERT INTO runs (run_id, experiment_id, name, status, start_time_ms)"
                        + " VALUES ('" + run + "', " + (run.equals(RUN_C) ? 6 : 5) + ", 'r', 'FINISHED', 1)");
                statement.executeUpdate("INSERT INTO params (run_id, key, value) VALUES ('" + run + "', 'lr', '"
                        + (run.equals(RUN_B) ? "0.2" : "0.1") + "')");
            }
        });

        // With a window larger than any index range, the runs a param equality admits are read from params_by_value.
        try (var store = StoreFactory.open(database, new SearchPlan(true, 1_000_000))) {
            var found = store.searchRuns(new RunQuery(List.of("5"), "params.lr = '0.1'", List.of(), ViewType.ACTIVE_ONLY, 10, null));
            assertThat(found.items()).extracting(Run::runId).containsExactly(RUN_A);
            var other = store.searchRuns(new RunQuery(List.of("6"), "params.lr = '0.1'", List.of(), ViewType.ACTIVE_ONLY, 10, null));
            assertThat(other.items()).extracting(Run::runId).containsExactly(RUN_C);
        }
    }
}
