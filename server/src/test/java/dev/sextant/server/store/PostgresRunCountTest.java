package dev.sextant.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.store.postgres.PostgresCluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The run-count contract on a real PostgreSQL server, and what the kept counts are built for there: creating a run
 * never waits for another transaction that created one in the same experiment and has not committed yet.
 */
class PostgresRunCountTest extends RunCountContract {
    @Override
    protected String newDatabase() {
        return PostgresCluster.shared().createDatabase();
    }

    @Test
    void a_run_creation_does_not_wait_for_an_open_transaction_that_created_one_in_the_same_experiment() throws SQLException {
        var experiment = store.createExperiment("busy", "", Map.of(), 1).experimentId();
        createRun(experiment, false); // a committed count row, which the open transaction below folds and locks
        try (var first = raw.getConnection(); var second = raw.getConnection()) {
            first.setAutoCommit(false);
            insertRun(first, experiment, "1".repeat(32));
            // A shared counter row would make this insert wait for the first transaction's commit; the lock timeout
            // turns such a wait into a failure instead of a hang.
            try (var statement = second.createStatement()) {
                statement.execute("SET lock_timeout = '10s'");
            }
            second.setAutoCommit(false);
            insertRun(second, experiment, "2".repeat(32));
            second.commit();
            assertThat(kept(experiment)).containsExactly(2L, 0L); // the committed run and the second's
            first.commit();
        }
        assertThat(kept(experiment)).containsExactly(3L, 0L);
        assertThat(count(experiment, "active")).isEqualTo(3);
        assertThat(store.findExperiment(experiment).orElseThrow().runCount()).isEqualTo(3);
    }

    private static void insertRun(Connection connection, String experiment, String runId) throws SQLException {
        try (var statement = connection.prepareStatement(
                "INSERT INTO runs (run_id, experiment_id, name, status, start_time_ms) VALUES (?, ?, 'r', 'RUNNING', 1)")) {
            statement.setString(1, runId);
            statement.setLong(2, Long.parseLong(experiment));
            statement.executeUpdate();
        }
    }
}
