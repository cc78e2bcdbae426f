package dev.sextant.server.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sextant.server.domain.RunStatus;
import dev.sextant.server.domain.TrialState;

/**
 * One trial as the API and the agents see it: its run, nested config, and its run's latest value of the sweep
 * metric (null when none). {@code stopReason} is set once the server decided the trial should stop early.
 */
public record TrialView(String sweepId, String experimentId, long trialIndex, String runId, Long gridIndex,
                        JsonNode config, TrialState state, RunStatus runStatus, String metricName, Double metricValue,
                        Long metricStep, String stopReason, long heartbeatTimeMs) {}
