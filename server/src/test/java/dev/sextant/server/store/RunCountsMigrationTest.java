package dev.sextant.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.domain.Experiment;
import dev.sextant.server.domain.LifecycleStage;
import dev.sextant.server.domain.RunStatus;
import dev.sextant.server.domain.ViewType;
import dev.sextant.server.store.postgres.PostgresCluster;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database made before migration 13 (kept run counts) comes out of it with each experiment's count of its
 * existing active runs, and the counts follow the writes made after it.
 */
class RunCountsMigrationTest {
    @TempDir
    Path folder;

    @Test
    void an_sqlite_database_from_before_migration_13_reports_its_runs_counted() throws SQLException {
        checkUpgrade(folder.resolve("old.db").toString());
    }

    @Test
    void a_postgresql_database_from_before_migration_13_reports_its_runs_counted() throws SQLException {
        checkUpgrade(PostgresCluster.shared().createDatabase());
    }

    private static void checkUpgrade(String database) throws SQLException {
        OlderDatabase.migratedTo(database, "12", statement -> {
            statement.executeUpdate("INSERT INTO experiments (experiment_id, name, creation_time_ms, last_update_time_ms)"
                    + " VALUES (5, 'old', 1, 1), (6, 'other', 1, 1), (7, 'empty', 1, 1)");
            for (int i = 0; i < 7; i++) {
                statement.executeUpdate("INSERT INTO runs (run_id, experiment_id, name, status, start_time_ms, lifecycle_stage)"
                        + " VALUES ('" + Integer.toString(i).repeat(32) + "', " + (i < 5 ? 5 : 6) + ", 'r', 'FINISHED', 1, '"
                        + (i == 1 || i == 6 ? "deleted" : "active") + "')");
            }
        });

        try (var store = StoreFactory.open(database)) {
            assertThat(counts(store)).isEqualTo(Map.of("0", 0L, "5", 4L, "6", 1L, "7", 0L));
            store.createRun(new NewRun("f".repeat(32), "7", "new", RunStatus.RUNNING, 2, "", null, "", Map.of(), Map.of()));
            store.setRunLifecycle("0".repeat(32), LifecycleStage.DELETED, 3);
            store.setRunLifecycle("6".repeat(32), LifecycleStage.ACTIVE, 3);
            assertThat(counts(store)).isEqualTo(Map.of("0", 0L, "5", 3L, "6", 2L, "7", 1L));
        }
    }

    private static Map<String, Long> counts(TrackingStore store) {
        return store.listExperiments(ViewType.ALL).stream().collect(Collectors.toMap(Experiment::experimentId, Experiment::runCount));
    }
}
