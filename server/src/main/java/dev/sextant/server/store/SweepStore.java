package dev.sextant.server.store;

import dev.sextant.server.domain.MetricCurve;
import dev.sextant.server.domain.Sweep;
import dev.sextant.server.domain.SweepState;
import dev.sextant.server.domain.SweepTrial;
import dev.sextant.server.domain.ViewType;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Sweeps and their trials. Every method is one transaction, safe to call from many threads and from several
 * server replicas on one PostgreSQL: {@link #claimTrial} holds the sweep's row lock while it plans and writes.
 */
public interface SweepStore {

    /** Creates a sweep in an active experiment. */
    void createSweep(Sweep sweep);

    Optional<Sweep> findSweep(String sweepId);

    /** The experiment's sweeps, newest first. */
    List<Sweep> listSweeps(String experimentId, ViewType view);

    /**
     * Moves an active sweep to {@code to} when its state is one of {@code from}; a sweep already in {@code to} is
     * left as it is. Any other state is INVALID_STATE.
     */
    Sweep setSweepState(String sweepId, Set<SweepState> from, SweepState to, long nowMs);

    /** Marks the sweep deleted (it hands out no more trials); its runs stay as they are. */
    void deleteSweep(String sweepId, long nowMs);

    /**
     * In one transaction under the sweep's lock: gives up on RUNNING trials whose heartbeat is older than
     * {@code staleBeforeMs} (LOST, run FAILED), asks {@code planner} for the next trial given every trial so far, and
     * creates its run and trial row. A sweep whose planner has nothing left becomes FINISHED once no trial is live.
     */
    TrialClaim claimTrial(String sweepId, String metricKey, long nowMs, long staleBeforeMs, TrialPlanner planner);

    /** Every trial of the sweep in trial order, with its run's status and latest value of {@code metricKey}. */
    List<SweepTrial> listTrials(String sweepId, String metricKey);

    /** Records a heartbeat of the trial that ran {@code runId}; empty when the run is no trial of this sweep. */
    Optional<SweepTrial> heartbeat(String sweepId, String runId, String metricKey, long nowMs);

    /** Marks the trial to be stopped early (the first reason stays) and tags its run with the reason. */
    void stopTrial(String sweepId, String runId, String reason);

    /** Every trial's points of {@code metricKey} up to {@code maxStep}, NaN left out. */
    List<MetricCurve> curves(String sweepId, String metricKey, long maxStep);
}
