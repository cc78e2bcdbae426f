package dev.sextant.server.store.sql;

import dev.sextant.server.domain.Experiment;
import dev.sextant.server.domain.LifecycleStage;
import dev.sextant.server.domain.ViewType;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.search.SqlCondition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL of the experiments and experiment_tags tables. */
final class ExperimentSql {
    private ExperimentSql() {}

    /**
     * The run count is the sum of the experiment's run_counts rows (migration 13, ADR 0016), which triggers on runs
     * keep exact on every write: counting 100,000 runs' index entries took 63-90 ms an experiment on PostgreSQL.
     */
    private static final String SELECT = """
            SELECT e.experiment_id, e.name, e.description, e.artifact_location, e.lifecycle_stage,
                   e.creation_time_ms, e.last_update_time_ms,
                   (SELECT COALESCE(SUM(c.active), 0) FROM run_counts c WHERE c.experiment_id = e.experiment_id) AS run_count,
                   (SELECT MAX(r.start_time_ms) FROM runs r WHERE r.experiment_id = e.experiment_id) AS last_run_ms
            FROM experiments e
            """;

    static long insert(Handle handle, String name, String description, long nowMs) {
        if (findIdByName(handle, name).isPresent()) {
            throw SextantException.alreadyExists("experiment '" + name + "' already exists");
        }
        return handle.createUpdate("""
                        INSERT INTO experiments (name, description, creation_time_ms, last_update_time_ms)
                        VALUES (:name, :description, :now, :now)""")
                .bind("name", name).bind("description", description).bind("now", nowMs)
                .executeAndReturnGeneratedKeys("experiment_id")
                .mapTo(Long.class).one();
    }

    static void setArtifactLocation(Handle handle, long id, String location) {
        handle.createUpdate("UPDATE experiments SET artifact_location = :location WHERE experiment_id = :id")
                .bind("location", location).bind("id", id).execute();
    }

    static Optional<Long> findIdByName(Handle handle, String name) {
        return handle.createQuery("SELECT experiment_id FROM experiments WHERE name = :name")
                .bind("name", name).mapTo(Long.class).findOne();
    }

    /** The experiment's id if it exists, without counting its runs: for checks on hot paths. */
    static Optional<Long> findIdentity(Handle handle, long id) {
        return handle.createQuery("SELECT experiment_id FROM experiments WHERE experiment_id = :id")
                .bind("id", id).mapTo(Long.class).findOne();
    }

    static Optional<Experiment> find(Handle handle, long id) {
        return handle.createQuery(SELECT + " WHERE e.experiment_id = :id")
                .bind("id", id)
                .map((rs, ctx) -> map(rs, tags(handle, id)))
                .findOne();
    }

    static List<Experiment> list(Handle handle, ViewType view) {
        return search(handle, view, new SqlCondition("1=1", List.of()), new SqlCondition("e.experiment_id", List.of()),
                Integer.MAX_VALUE, 0);
    }

    /** Experiments of the view matching {@code where}, in {@code order}; at most {@code limit} from {@code offset}. */
    static List<Experiment> search(Handle handle, ViewType view, SqlCondition where, SqlCondition order, int limit, int offset) {
        var bindings = new ArrayList<Object>();
        var sql = new StringBuilder(SELECT).append(" WHERE ");
        if (view != ViewType.ALL) {
            sql.append("e.lifecycle_stage = ? AND ");
            bindings.add(view == ViewType.ACTIVE_ONLY ? "active" : "deleted");
        }
        sql.append('(').append(where.sql()).append(") ORDER BY ").append(order.sql()).append(" LIMIT ? OFFSET ?");
        bindings.addAll(where.bindings());
        bindings.addAll(order.bindings());
        bindings.add(limit);
        bindings.add(offset);
        var statement = handle.createQuery(sql.toString());
        for (int i = 0; i < bindings.size(); i++) statement.bind(i, bindings.get(i));
        var allTags = allTags(handle);
        return statement.map((rs, ctx) -> map(rs, allTags.getOrDefault(rs.getString("experiment_id"), Map.of()))).list();
    }

    /**
     * Fails unless the experiment exists and is active: writes into a deleted experiment are refused.
     * {@code lock} is the dialect's {@link SqlDialect#shareLock}, so a racing delete cannot slip in between.
     */
    static void requireActive(Handle handle, long id, String lock) {
        if (!stage(handle, id, lock).equals("active")) {
            throw SextantException.invalid("experiment '" + id + "' is deleted; restore it first");
        }
    }

    /** The experiment's lifecycle stage; RESOURCE_DOES_NOT_EXIST when there is no such experiment. */
    private static String stage(Handle handle, long id, String lock) {
        return handle.createQuery("SELECT lifecycle_stage FROM experiments WHERE experiment_id = :id" + lock)
                .bind("id", id).mapTo(String.class).findOne()
                .orElseThrow(() -> SextantException.notFound("experiment", id));
    }

    static void update(Handle handle, long id, String name, String description, long nowMs) {
        requireActive(handle, id, ""); // the UPDATE below locks the row itself
        if (name != null) {
            var other = findIdByName(handle, name);
            if (other.isPresent() && other.get() != id) {
                throw SextantException.alreadyExists("experiment '" + name + "' already exists");
            }
        }
        handle.createUpdate("""
                        UPDATE experiments SET name = COALESCE(:name, name),
                               description = COALESCE(:description, description),
                               last_update_time_ms = :now
                        WHERE experiment_id = :id""")
                .bind("name", name).bind("description", description).bind("now", nowMs).bind("id", id)
                .execute();
    }

    /**
     * Deleting an experiment deletes its active runs too, stamped with the same time, as MLflow does; restoring
     * it brings back exactly those runs, so a run deleted on its own before stays deleted. Setting the stage
     * an experiment already has changes nothing (a second delete must not re-stamp the runs). The experiment
     * row is changed (and so, on PostgreSQL, locked) first: of two racing deletes or restores, the second
     * waits for the first and then finds nothing to do.
     */
    static void setLifecycle(Handle handle, long id, LifecycleStage stage, long nowMs) {
        if (stage == LifecycleStage.DELETED) {
            int changed = handle.createUpdate("""
                            UPDATE experiments SET lifecycle_stage = 'deleted', deleted_time_ms = :now, last_update_time_ms = :now
                            WHERE experiment_id = :id AND lifecycle_stage = 'active'""")
                    .bind("now", nowMs).bind("id", id).execute();
            if (changed == 0) {
                stage(handle, id, ""); // already deleted: nothing to do, unless there is no such experiment
                return;
            }
            handle.createUpdate("""
                            UPDATE runs SET lifecycle_stage = 'deleted', deleted_time_ms = :now
                            WHERE experiment_id = :id AND lifecycle_stage = 'active'""")
                    .bind("now", nowMs).bind("id", id).execute();
            return;
        }
        int locked = handle.createUpdate("""
                        UPDATE experiments SET last_update_time_ms = :now WHERE experiment_id = :id AND lifecycle_stage = 'deleted'""")
                .bind("now", nowMs).bind("id", id).execute();
        if (locked == 0) {
            stage(handle, id, ""); // already active: nothing to do, unless there is no such experiment
            return;
        }
        handle.createUpdate("""
                        UPDATE runs SET lifecycle_stage = 'active', deleted_time_ms = NULL
                        WHERE experiment_id = :id AND lifecycle_stage = 'deleted'
                          AND deleted_time_ms = (SELECT deleted_time_ms FROM experiments WHERE experiment_id = :id)""")
                .bind("id", id).execute();
        handle.createUpdate("""
                        UPDATE experiments SET lifecycle_stage = 'active', deleted_time_ms = NULL WHERE experiment_id = :id""")
                .bind("id", id).execute();
    }

    static void upsertTags(Handle handle, long id, Map<String, String> tags) {
        var batch = handle.prepareBatch("""
                INSERT INTO experiment_tags (experiment_id, key, value) VALUES (:id, :key, :value)
                ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value""");
        tags.forEach((key, value) -> batch.bind("id", id).bind("key", key).bind("value", value).add());
        if (!tags.isEmpty()) batch.execute();
    }

    static void deleteTag(Handle handle, long id, String key) {
        int deleted = handle.createUpdate("DELETE FROM experiment_tags WHERE experiment_id = :id AND key = :key")
                .bind("id", id).bind("key", key).execute();
        if (deleted == 0) throw SextantException.notFound("tag", key);
    }

    private static Map<String, String> tags(Handle handle, long id) {
        return KeyValues.read(handle.createQuery("SELECT key, value FROM experiment_tags WHERE experiment_id = :id")
                .bind("id", id));
    }

    private static Map<String, Map<String, String>> allTags(Handle handle) {
        return KeyValues.readGrouped(handle.createQuery("SELECT experiment_id, key, value FROM experiment_tags"));
    }

    private static Experiment map(ResultSet rs, Map<String, String> tags) throws SQLException {
        long lastRun = rs.getLong("last_run_ms");
        Long lastRunMs = rs.wasNull() ? null : lastRun;
        return new Experiment(
                Long.toString(rs.getLong("experiment_id")),
                rs.getString("name"),
                rs.getString("description"),
                rs.getString("artifact_location"),
                LifecycleStage.fromWire(rs.getString("lifecycle_stage")),
                rs.getLong("creation_time_ms"),
                rs.getLong("last_update_time_ms"),
                tags,
                rs.getLong("run_count"),
                lastRunMs);
    }
}
