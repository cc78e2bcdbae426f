package dev.sextant.server.domain;

/**
 * One trial of a sweep and its run: the config it was handed (JSON object of dotted keys), the run's status, and
 * the run's latest value of the sweep metric (null when none was logged; NaN when the latest was NaN) at
 * {@code metricStep}. {@code gridIndex} is null outside grid search; {@code stopReason} is set once the server
 * decided to stop the trial early.
 */
public record SweepTrial(String sweepId, long trialIndex, String runId, Long gridIndex, String configJson,
                         TrialState state, long heartbeatTimeMs, String stopReason, RunStatus runStatus,
                         Double metricValue, Long metricStep) {

    /** Still training: its run is RUNNING and its agent has not been given up on. */
    public boolean isLive() {
        return state == TrialState.ACTIVE && !runStatus.isTerminal();
    }
}
