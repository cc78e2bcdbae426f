package dev.sextant.server.store.sql;

import dev.sextant.server.domain.LifecycleStage;
import dev.sextant.server.domain.MetricCurve;
import dev.sextant.server.domain.Sweep;
import dev.sextant.server.domain.SweepState;
import dev.sextant.server.domain.SweepTrial;
import dev.sextant.server.domain.ViewType;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.store.SweepStore;
import dev.sextant.server.store.TrialClaim;
import dev.sextant.server.store.TrialPlanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/** Sweeps on SQL: each public method is one transaction through {@link Database}. */
public final class SqlSweepStore implements SweepStore {
    static final String STOP_TAG = "sextant.sweep.stop_reason";

    private final Database database;

    public SqlSweepStore(Database database) {
        this.database = database;
    }

    @Override
    public void createSweep(Sweep sweep) {
        long experimentId = experimentId(sweep.experimentId());
        database.writeVoid(handle -> {
            ExperimentSql.requireActive(handle, experimentId, database.dialect().shareLock());
            SweepSql.insert(handle, sweep);
        });
    }

    @Override
    public Optional<Sweep> findSweep(String sweepId) {
        return database.read(handle -> SweepSql.find(handle, sweepId));
    }

    @Override
    public List<Sweep> listSweeps(String experimentId, ViewType view) {
        long id = experimentId(experimentId);
        return database.read(handle -> {
            if (ExperimentSql.find(handle, id).isEmpty()) throw SextantException.notFound("experiment", experimentId);
            return SweepSql.list(handle, id, view);
        });
    }

    @Override
    public Sweep setSweepState(String sweepId, Set<SweepState> from, SweepState to, long nowMs) {
        return database.write(handle -> {
            SweepSql.lock(handle, sweepId);
            var sweep = requireActive(handle, sweepId);
            if (sweep.state() == to) return sweep;
            if (!from.contains(sweep.state())) {
                throw SextantException.invalidState("sweep '" + sweepId + "' is " + sweep.state()
                        + "; only a sweep that is " + from + " can become " + to);
            }
            SweepSql.setState(handle, sweepId, to, nowMs);
            return SweepSql.require(handle, sweepId);
        });
    }

    @Override
    public void deleteSweep(String sweepId, long nowMs) {
        database.writeVoid(handle -> {
            SweepSql.lock(handle, sweepId);
            SweepSql.markDeleted(handle, sweepId, nowMs);
        });
    }

    @Override
    public TrialClaim claimTrial(String sweepId, String metricKey, long nowMs, long staleBeforeMs, TrialPlanner planner) {
        return database.write(handle -> {
            SweepSql.lock(handle, sweepId);
            var sweep = requireActive(handle, sweepId);
            SweepSql.markLost(handle, sweepId, staleBeforeMs, nowMs);
            if (sweep.state() != SweepState.RUNNING) return new TrialClaim.NoTrial(sweep.state());
            var history = SweepSql.trials(handle, sweepId, metricKey);
            var planned = planner.plan(history, sweep.trialCount());
            if (planned.isEmpty()) {
                if (history.stream().noneMatch(SweepTrial::isLive)) {
                    SweepSql.setState(handle, sweepId, SweepState.FINISHED, nowMs);
                    return new TrialClaim.NoTrial(SweepState.FINISHED);
                }
                return new TrialClaim.NoTrial(SweepState.RUNNING);
            }
            ExperimentSql.requireActive(handle, Long.parseLong(sweep.experimentId()), "");
            return new TrialClaim.Issued(SweepSql.insertTrial(handle, sweepId, sweep.trialCount(), planned.get(), nowMs));
        });
    }

    @Override
    public List<SweepTrial> listTrials(String sweepId, String metricKey) {
        return database.read(handle -> {
            SweepSql.require(handle, sweepId);
            return SweepSql.trials(handle, sweepId, metricKey);
        });
    }

    @Override
    public Optional<SweepTrial> heartbeat(String sweepId, String runId, String metricKey, long nowMs) {
        return database.write(handle -> {
            SweepSql.require(handle, sweepId);
            SweepSql.touch(handle, sweepId, runId, nowMs);
            return SweepSql.trial(handle, sweepId, runId, metricKey);
        });
    }

    @Override
    public void stopTrial(String sweepId, String runId, String reason) {
        database.writeVoid(handle -> {
            if (SweepSql.stop(handle, sweepId, runId, reason) > 0) {
                ParamTagSql.upsertTags(handle, runId, Map.of(STOP_TAG, reason));
            }
        });
    }

    @Override
    public List<MetricCurve> curves(String sweepId, String metricKey, long maxStep) {
        return database.readSnapshot(handle -> readCurves(handle, sweepId, metricKey, maxStep));
    }

    /** Points in (run, step, timestamp) order; of several points at one step the latest logged counts. */
    private static List<MetricCurve> readCurves(Handle handle, String sweepId, String metricKey, long maxStep) {
        var curves = new ArrayList<MetricCurve>();
        var series = handle.createQuery("""
                        SELECT ms.run_id, ms.series_id, ms.block_level
                        FROM sweep_trials t
                        JOIN metric_series ms ON ms.run_id = t.run_id AND ms.key = :metric
                        WHERE t.sweep_id = :id
                        ORDER BY ms.run_id""")
                .bind("metric", metricKey).bind("id", sweepId)
                .map((rs, ctx) -> Map.entry(rs.getString(1), new MetricReadSql.SeriesRow(rs.getLong(2), 0, rs.getInt(3), null)))
                .list();
        for (var run : series) {
            var steps = new ArrayList<Long>();
            var values = new ArrayList<Double>();
            for (var point : MetricReadSql.pointsBetween(handle, run.getValue(), Long.MIN_VALUE, maxStep)) {
                if (Double.isNaN(point.value())) continue;
                if (!steps.isEmpty() && steps.get(steps.size() - 1) == point.step()) {
                    values.set(values.size() - 1, point.value());
                } else {
                    steps.add(point.step());
                    values.add(point.value());
                }
            }
            if (!steps.isEmpty()) curves.add(curve(run.getKey(), steps, values));
        }
        return curves;
    }

    private static MetricCurve curve(String runId, List<Long> steps, List<Double> values) {
        return new MetricCurve(runId, steps.stream().mapToLong(Long::longValue).toArray(),
                values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static Sweep requireActive(Handle handle, String sweepId) {
        var sweep = SweepSql.require(handle, sweepId);
        if (sweep.lifecycleStage() != LifecycleStage.ACTIVE) {
            throw SextantException.invalidState("sweep '" + sweepId + "' is deleted");
        }
        return sweep;
    }

    private static long experimentId(String experimentId) {
        try {
            return Long.parseLong(experimentId);
        } catch (NumberFormatException | NullPointerException e) {
            throw SextantException.notFound("experiment", experimentId);
        }
    }
}
