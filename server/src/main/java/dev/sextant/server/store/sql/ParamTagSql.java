package dev.sextant.server.store.sql;

import dev.sextant.server.error.SextantException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** SQL of the params and run_tags tables: both are (run_id, key) → value. */
final class ParamTagSql {
    private ParamTagSql() {}

    /**
     * Params never change: logging the same value again is a no-op, a different value is an error.
     * Checked inside the write transaction so two racing writers cannot both win.
     */
    static void insertParams(Handle handle, String runId, Map<String, String> params) {
        if (params.isEmpty()) return;
        var existing = KeyValues.read(handle.createQuery("SELECT key, value FROM params WHERE run_id = :runId")
                .bind("runId", runId));
        // The run's experiment is copied onto each param for the params_by_value index (migration 12).
        var batch = handle.prepareBatch("""
                INSERT INTO params (run_id, experiment_id, key, value)
                SELECT run_id, experiment_id, :key, :value FROM runs WHERE run_id = :runId""");
        int added = 0;
        for (var param : params.entrySet()) {
            var old = existing.get(param.getKey());
            if (old == null) {
                batch.bind("runId", runId).bind("key", param.getKey()).bind("value", param.getValue()).add();
                added++;
            } else if (!old.equals(param.getValue()) && !writtenByOlderServer(old, param.getValue())) {
                throw SextantException.invalid("param '" + param.getKey() + "' was already logged as '" + old
                        + "' and cannot change to '" + param.getValue() + "'");
            }
        }
        if (added > 0) {
            batch.execute();
            ExperimentKeySql.add(handle, runId, ExperimentKeySql.PARAM, params.keySet());
        }
    }

    /**
     * Servers before 2026-12 stored a config's fractional numbers in Java's form ("1.0E-4" where the client sent
     * 0.0001); a run resumed with the same config must not be refused for that.
     */
    private static boolean writtenByOlderServer(String old, String value) {
        try {
            return old.equals(Double.toString(Double.parseDouble(value)));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static void upsertTags(Handle handle, String runId, Map<String, String> tags) {
        if (tags.isEmpty()) return;
        var batch = handle.prepareBatch("""
                INSERT INTO run_tags (run_id, key, value) VALUES (:runId, :key, :value)
                ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value""");
        tags.forEach((key, value) -> batch.bind("runId", runId).bind("key", key).bind("value", value).add());
        batch.execute();
        ExperimentKeySql.add(handle, runId, ExperimentKeySql.TAG, tags.keySet());
    }

    static void deleteTag(Handle handle, String runId, String key) {
        int deleted = handle.createUpdate("DELETE FROM run_tags WHERE run_id = :runId AND key = :key")
                .bind("runId", runId).bind("key", key).execute();
        if (deleted == 0) throw SextantException.notFound("tag", key);
    }

    static Map<String, String> params(Handle handle, String runId) {
        return KeyValues.read(handle.createQuery("SELECT key, value FROM params WHERE run_id = :runId").bind("runId", runId));
    }

    static Map<String, String> tags(Handle handle, String runId) {
        return KeyValues.read(handle.createQuery("SELECT key, value FROM run_tags WHERE run_id = :runId").bind("runId", runId));
    }

    /** Params (or tags) of many runs in one query, for search pages. */
    static Map<String, Map<String, String>> forRuns(Handle handle, String table, Collection<String> runIds) {
        if (runIds.isEmpty()) return new HashMap<>();
        return KeyValues.readGrouped(handle.createQuery("SELECT run_id, key, value FROM " + table + " WHERE run_id IN (<runIds>)")
                .bindList("runIds", List.copyOf(runIds)));
    }
}
