package dev.sextant.server.store.sql;

import dev.sextant.server.domain.LifecycleStage;
import dev.sextant.server.domain.DatasetInput;
import dev.sextant.server.domain.MetricSummary;
import dev.sextant.server.domain.Run;
import dev.sextant.server.domain.RunModelLink;
import dev.sextant.server.domain.RunStatus;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.store.NewRun;
import dev.sextant.server.store.RunUpdate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL of the runs table. */
final class RunSql {
    private RunSql() {}

    static final String COLUMNS = """
            r.run_id, r.experiment_id, r.name, r.status, r.start_time_ms, r.end_time_ms, r.lifecycle_stage,
            r.user_id, r.parent_run_id, r.notes, r.artifact_uri""";

    /** The columns of a run without its params, tags and metrics; those are attached by the caller. */
    record RunRow(String runId, long experimentId, String name, RunStatus status, long startTimeMs, Long endTimeMs,
                  LifecycleStage stage, String user, String parentRunId, String notes, String artifactUri) {

        Run withDetails(Map<String, String> params, Map<String, String> tags, List<MetricSummary> metrics,
                        List<DatasetInput> inputs, List<RunModelLink> models) {
            return new Run(runId, Long.toString(experimentId), name, status, startTimeMs, endTimeMs, stage, user,
                    parentRunId, notes, artifactUri, params, tags, metrics, inputs, models);
        }
    }

    static void insert(Handle handle, NewRun run) {
        if (exists(handle, run.runId())) throw SextantException.alreadyExists("run '" + run.runId() + "' already exists");
        handle.createUpdate("""
                        INSERT INTO runs (run_id, experiment_id, name, status, start_time_ms, user_id, parent_run_id,
                                          artifact_uri)
                        VALUES (:runId, :experimentId, :name, :status, :start, :user, :parent, :artifactUri)""")
                .bind("runId", run.runId())
                .bind("experimentId", Long.parseLong(run.experimentId()))
                .bind("name", run.name())
                .bind("status", run.status().name())
                .bind("start", run.startTimeMs())
                .bind("user", run.user())
                .bind("parent", run.parentRunId())
                .bind("artifactUri", run.artifactUri())
                .execute();
    }

    static boolean exists(Handle handle, String runId) {
        return handle.createQuery("SELECT 1 FROM runs WHERE run_id = :runId").bind("runId", runId)
                .mapTo(Integer.class).findOne().isPresent();
    }

    static Optional<RunRow> find(Handle handle, String runId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM runs r WHERE r.run_id = :runId")
                .bind("runId", runId)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    /** Fails unless the run exists and is active: every write to a deleted run is refused. */
    /** On every write to a run, so raw JDBC on a reused statement rather than a JDBI query. */
    static void requireActive(Handle handle, String runId) {
        String stage;
        try {
            stage = StatementCache.with(handle, "SELECT lifecycle_stage FROM runs WHERE run_id = ?", statement -> {
                statement.setString(1, runId);
                try (var rows = statement.executeQuery()) {
                    return rows.next() ? rows.getString(1) : null;
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("reading run " + runId + " failed", e);
        }
        var refusal = refusal(runId, stage);
        if (refusal != null) throw refusal;
    }

    /** Why a write to the run is refused given its lifecycle stage (null: no such run), or null when it is active. */
    static SextantException refusal(String runId, String stage) {
        if (stage == null) return SextantException.notFound("run", runId);
        if (!stage.equals("active")) {
            return SextantException.invalid("run '" + runId + "' is deleted; restore it before writing to it");
        }
        return null;
    }

    /** The most run ids one look-up binds; its statement is padded to a power of two so few texts are ever cached. */
    static final int RUNS_A_LOOKUP = 64;

    /**
     * The lifecycle stage of each of several runs by run id (absent: no such run), one query a {@value #RUNS_A_LOOKUP}
     * runs, so a coalesced group of writes checks its runs ({@link #refusal}) without a query a write.
     */
    static Map<String, String> stages(Handle handle, List<String> runIds) {
        var distinct = List.copyOf(new java.util.LinkedHashSet<>(runIds));
        var stages = new java.util.HashMap<String, String>();
        for (int from = 0; from < distinct.size(); from += RUNS_A_LOOKUP) {
            var chunk = distinct.subList(from, Math.min(distinct.size(), from + RUNS_A_LOOKUP));
            int slots = StatementCache.paddedSlots(chunk.size());
            var sql = "SELECT run_id, lifecycle_stage FROM runs WHERE run_id IN (" + "?, ".repeat(slots - 1) + "?)";
            try {
                StatementCache.with(handle, sql, statement -> {
                    // The slots past the chunk repeat its last id: IN ignores the duplicates.
                    for (int i = 0; i < slots; i++) statement.setString(i + 1, chunk.get(Math.min(i, chunk.size() - 1)));
                    try (var rows = statement.executeQuery()) {
                        while (rows.next()) stages.put(rows.getString(1), rows.getString(2));
                    }
                    return null;
                });
            } catch (SQLException e) {
                throw new IllegalStateException("reading " + chunk.size() + " runs failed", e);
            }
        }
        return stages;
    }

    /**
     * Takes the run's row lock for the rest of the transaction (a no-op update): on PostgreSQL a concurrent writer of
     * the same run waits here until this one commits. SQLite serialises writers anyway.
     */
    static void lock(Handle handle, String runId) {
        int rows = handle.createUpdate("UPDATE runs SET status = status WHERE run_id = :runId").bind("runId", runId).execute();
        if (rows == 0) throw SextantException.notFound("run", runId);
    }

    static void update(Handle handle, String runId, RunUpdate update) {
        requireActive(handle, runId);
        handle.createUpdate("""
                        UPDATE runs SET status = COALESCE(:status, status),
                               end_time_ms = COALESCE(:endTime, end_time_ms),
                               name = COALESCE(:name, name),
                               notes = COALESCE(:notes, notes)
                        WHERE run_id = :runId""")
                .bind("status", update.status() == null ? null : update.status().name())
                .bind("endTime", update.endTimeMs())
                .bind("name", update.name())
                .bind("notes", update.notes())
                .bind("runId", runId)
                .execute();
    }

    /**
     * A run already in the stage is left as it is: deleting a deleted run must not re-stamp its deletion time,
     * which is how restoring its experiment recognises the runs the experiment's delete took along.
     */
    static void setLifecycle(Handle handle, String runId, LifecycleStage stage, long nowMs) {
        int updated = handle.createUpdate("""
                        UPDATE runs SET lifecycle_stage = :stage, deleted_time_ms = :deletedTime
                        WHERE run_id = :runId AND lifecycle_stage <> :stage""")
                .bind("stage", stage.wireName())
                .bind("deletedTime", stage == LifecycleStage.DELETED ? nowMs : null)
                .bind("runId", runId)
                .execute();
        if (updated == 0 && !exists(handle, runId)) throw SextantException.notFound("run", runId);
    }

    static RunRow map(ResultSet rs) throws SQLException {
        long end = rs.getLong("end_time_ms");
        Long endTimeMs = rs.wasNull() ? null : end;
        return new RunRow(
                rs.getString("run_id"),
                rs.getLong("experiment_id"),
                rs.getString("name"),
                RunStatus.valueOf(rs.getString("status")),
                rs.getLong("start_time_ms"),
                endTimeMs,
                LifecycleStage.fromWire(rs.getString("lifecycle_stage")),
                rs.getString("user_id"),
                rs.getString("parent_run_id"),
                rs.getString("notes"),
                rs.getString("artifact_uri"));
    }
}
