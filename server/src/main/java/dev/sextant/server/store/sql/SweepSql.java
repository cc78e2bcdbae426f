package dev.sextant.server.store.sql;

import dev.sextant.server.domain.LifecycleStage;
import dev.sextant.server.domain.RunStatus;
import dev.sextant.server.domain.Sweep;
import dev.sextant.server.domain.SweepState;
import dev.sextant.server.domain.SweepTrial;
import dev.sextant.server.domain.TrialState;
import dev.sextant.server.domain.ViewType;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.store.TrialPlanner.PlannedTrial;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL of the sweeps and sweep_trials tables. */
final class SweepSql {
    private SweepSql() {}

    static final String LOST_TAG = "sextant.sweep.lost";

    private static final String SWEEP_COLUMNS = """
            sweep_id, experiment_id, name, config_json, state, lifecycle_stage, next_trial_index, creation_time_ms,
            last_update_time_ms""";

    // The run's latest value of the sweep metric; ms.run_id is NULL when the run logged none (a NULL value is NaN).
    private static final String TRIAL_SELECT = """
            SELECT t.sweep_id, t.trial_index, t.run_id, t.grid_index, t.config_json, t.state, t.heartbeat_time_ms,
                   t.stop_reason, r.status, ms.run_id AS metric_run, ms.last_value, ms.last_step
            FROM sweep_trials t
            JOIN runs r ON r.run_id = t.run_id
            LEFT JOIN metric_series ms ON ms.run_id = t.run_id AND ms.key = :metric
            """;

    static void insert(Handle handle, Sweep sweep) {
        handle.createUpdate("""
                        INSERT INTO sweeps (sweep_id, experiment_id, name, config_json, state, lifecycle_stage,
                                            next_trial_index, creation_time_ms, last_update_time_ms)
                        VALUES (:id, :experimentId, :name, :config, :state, :stage, 0, :created, :created)""")
                .bind("id", sweep.sweepId())
                .bind("experimentId", Long.parseLong(sweep.experimentId()))
                .bind("name", sweep.name())
                .bind("config", sweep.configJson())
                .bind("state", sweep.state().name())
                .bind("stage", sweep.lifecycleStage().wireName())
                .bind("created", sweep.creationTimeMs())
                .execute();
    }

    static Optional<Sweep> find(Handle handle, String sweepId) {
        return handle.createQuery("SELECT " + SWEEP_COLUMNS + " FROM sweeps WHERE sweep_id = :id")
                .bind("id", sweepId).map((rs, ctx) -> mapSweep(rs)).findOne();
    }

    static Sweep require(Handle handle, String sweepId) {
        return find(handle, sweepId).orElseThrow(() -> SextantException.notFound("sweep", sweepId));
    }

    static List<Sweep> list(Handle handle, long experimentId, ViewType view) {
        return handle.createQuery("SELECT " + SWEEP_COLUMNS
                        + " FROM sweeps WHERE experiment_id = :experimentId ORDER BY creation_time_ms DESC, sweep_id")
                .bind("experimentId", experimentId)
                .map((rs, ctx) -> mapSweep(rs)).list().stream()
                .filter(sweep -> view.includes(sweep.lifecycleStage())).toList();
    }

    /**
     * Takes the sweep's row lock for the rest of the transaction (a no-op update): on PostgreSQL a second replica's
     * claim waits here until this one commits, then reads its rows. SQLite serialises writers anyway.
     */
    static void lock(Handle handle, String sweepId) {
        int rows = handle.createUpdate("UPDATE sweeps SET next_trial_index = next_trial_index WHERE sweep_id = :id")
                .bind("id", sweepId).execute();
        if (rows == 0) throw SextantException.notFound("sweep", sweepId);
    }

    static void setState(Handle handle, String sweepId, SweepState state, long nowMs) {
        handle.createUpdate("UPDATE sweeps SET state = :state, last_update_time_ms = :now WHERE sweep_id = :id")
                .bind("state", state.name()).bind("now", nowMs).bind("id", sweepId).execute();
    }

    static void markDeleted(Handle handle, String sweepId, long nowMs) {
        handle.createUpdate("""
                        UPDATE sweeps SET lifecycle_stage = 'deleted', last_update_time_ms = :now,
                               state = CASE WHEN state IN ('RUNNING', 'PAUSED') THEN 'STOPPED' ELSE state END
                        WHERE sweep_id = :id""")
                .bind("now", nowMs).bind("id", sweepId).execute();
    }

    /** Gives up on RUNNING trials that sent no heartbeat since {@code staleBeforeMs}: LOST, and their runs FAILED. */
    static List<String> markLost(Handle handle, String sweepId, long staleBeforeMs, long nowMs) {
        var runIds = handle.createQuery("""
                        SELECT t.run_id FROM sweep_trials t JOIN runs r ON r.run_id = t.run_id
                        WHERE t.sweep_id = :id AND t.state = 'ACTIVE' AND r.status = 'RUNNING'
                          AND t.heartbeat_time_ms < :staleBefore
                        ORDER BY t.trial_index""")
                .bind("id", sweepId).bind("staleBefore", staleBeforeMs).mapTo(String.class).list();
        if (runIds.isEmpty()) return runIds;
        var trials = handle.prepareBatch("UPDATE sweep_trials SET state = 'LOST' WHERE run_id = :runId");
        var runs = handle.prepareBatch(
                "UPDATE runs SET status = 'FAILED', end_time_ms = :now WHERE run_id = :runId AND status = 'RUNNING'");
        for (var runId : runIds) {
            trials.bind("runId", runId).add();
            runs.bind("runId", runId).bind("now", nowMs).add();
        }
        trials.execute();
        runs.execute();
        for (var runId : runIds) {
            ParamTagSql.upsertTags(handle, runId, java.util.Map.of(LOST_TAG, "no heartbeat since " + staleBeforeMs));
        }
        return runIds;
    }

    static SweepTrial insertTrial(Handle handle, String sweepId, long trialIndex, PlannedTrial planned, long nowMs) {
        RunSql.insert(handle, planned.run());
        handle.createUpdate("UPDATE runs SET sweep_id = :sweepId WHERE run_id = :runId")
                .bind("sweepId", sweepId).bind("runId", planned.run().runId()).execute();
        ParamTagSql.insertParams(handle, planned.run().runId(), planned.run().params());
        ParamTagSql.upsertTags(handle, planned.run().runId(), planned.run().tags());
        handle.createUpdate("""
                        INSERT INTO sweep_trials (sweep_id, trial_index, run_id, grid_index, config_json, state,
                                                  heartbeat_time_ms)
                        VALUES (:sweepId, :trialIndex, :runId, :gridIndex, :config, 'ACTIVE', :now)""")
                .bind("sweepId", sweepId)
                .bind("trialIndex", trialIndex)
                .bind("runId", planned.run().runId())
                .bind("gridIndex", planned.gridIndex())
                .bind("config", planned.configJson())
                .bind("now", nowMs)
                .execute();
        handle.createUpdate("""
                        UPDATE sweeps SET next_trial_index = next_trial_index + 1, last_update_time_ms = :now
                        WHERE sweep_id = :id""")
                .bind("now", nowMs).bind("id", sweepId).execute();
        return new SweepTrial(sweepId, trialIndex, planned.run().runId(), planned.gridIndex(), planned.configJson(),
                TrialState.ACTIVE, nowMs, null, planned.run().status(), null, null);
    }

    static List<SweepTrial> trials(Handle handle, String sweepId, String metricKey) {
        return handle.createQuery(TRIAL_SELECT + " WHERE t.sweep_id = :id ORDER BY t.trial_index")
                .bind("id", sweepId).bind("metric", metricKey)
                .map((rs, ctx) -> mapTrial(rs)).list();
    }

    static Optional<SweepTrial> trial(Handle handle, String sweepId, String runId, String metricKey) {
        return handle.createQuery(TRIAL_SELECT + " WHERE t.sweep_id = :id AND t.run_id = :runId")
                .bind("id", sweepId).bind("runId", runId).bind("metric", metricKey)
                .map((rs, ctx) -> mapTrial(rs)).findOne();
    }

    static int touch(Handle handle, String sweepId, String runId, long nowMs) {
        return handle.createUpdate("""
                        UPDATE sweep_trials SET heartbeat_time_ms = :now
                        WHERE sweep_id = :id AND run_id = :runId AND state = 'ACTIVE'""")
                .bind("now", nowMs).bind("id", sweepId).bind("runId", runId).execute();
    }

    static int stop(Handle handle, String sweepId, String runId, String reason) {
        return handle.createUpdate("""
                        UPDATE sweep_trials SET stop_reason = :reason
                        WHERE sweep_id = :id AND run_id = :runId AND stop_reason IS NULL""")
                .bind("reason", reason).bind("id", sweepId).bind("runId", runId).execute();
    }

    private static Sweep mapSweep(ResultSet rs) throws SQLException {
        return new Sweep(rs.getString("sweep_id"), Long.toString(rs.getLong("experiment_id")), rs.getString("name"),
                rs.getString("config_json"), SweepState.valueOf(rs.getString("state")),
                LifecycleStage.fromWire(rs.getString("lifecycle_stage")), rs.getLong("next_trial_index"),
                rs.getLong("creation_time_ms"), rs.getLong("last_update_time_ms"));
    }

    private static SweepTrial mapTrial(ResultSet rs) throws SQLException {
        long grid = rs.getLong("grid_index");
        Long gridIndex = rs.wasNull() ? null : grid;
        boolean hasMetric = rs.getString("metric_run") != null;
        double value = rs.getDouble("last_value");
        Double metricValue = !hasMetric ? null : rs.wasNull() ? Double.NaN : value;
        Long metricStep = hasMetric ? rs.getLong("last_step") : null;
        return new SweepTrial(rs.getString("sweep_id"), rs.getLong("trial_index"), rs.getString("run_id"), gridIndex,
                rs.getString("config_json"), TrialState.valueOf(rs.getString("state")), rs.getLong("heartbeat_time_ms"),
                rs.getString("stop_reason"), RunStatus.valueOf(rs.getString("status")), metricValue, metricStep);
    }
}
