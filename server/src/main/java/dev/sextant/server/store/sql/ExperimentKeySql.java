package dev.sextant.server.store.sql;

import dev.sextant.server.domain.ExperimentKeys;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import org.jdbi.v3.core.Handle;

/**
 * The experiment_keys table: which param, metric and tag keys an experiment's runs use, kept up to date by the
 * writes that add them, so the column list never scans millions of param rows.
 */
final class ExperimentKeySql {
    private ExperimentKeySql() {}

    static final String PARAM = "param";
    static final String METRIC = "metric";
    static final String TAG = "tag";

    private static final String ADD = """
            INSERT INTO experiment_keys (experiment_id, kind, key)
            SELECT experiment_id, ?, ? FROM runs WHERE run_id = ?
            ON CONFLICT DO NOTHING""";

    /** Records that the run's experiment uses these keys of this kind (a no-op for keys it knows). */
    static void add(Handle handle, String runId, String kind, Collection<String> keys) {
        if (keys.isEmpty()) return;
        try {
            StatementCache.with(handle, ADD, statement -> {
                for (var key : keys) {
                    statement.setString(1, kind);
                    statement.setString(2, key);
                    statement.setString(3, runId);
                    statement.addBatch();
                }
                return statement.executeBatch();
            });
        } catch (SQLException e) {
            throw new IllegalStateException("recording the keys of run " + runId + " failed", e);
        }
    }

    static ExperimentKeys list(Handle handle, long experimentId) {
        var params = new ArrayList<String>();
        var metrics = new ArrayList<String>();
        var tags = new ArrayList<String>();
        handle.createQuery("SELECT kind, key FROM experiment_keys WHERE experiment_id = :id ORDER BY kind, key")
                .bind("id", experimentId)
                .map((rs, ctx) -> {
                    var list = switch (rs.getString(1)) {
                        case PARAM -> params;
                        case METRIC -> metrics;
                        default -> tags;
                    };
                    list.add(rs.getString(2));
                    return null;
                })
                .forEach(ignored -> { });
        return new ExperimentKeys(params, metrics, tags);
    }
}
