package dev.sextant.server.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sextant.server.domain.LifecycleStage;
import dev.sextant.server.domain.SweepState;
import java.util.Map;

/**
 * A sweep as the API shows it: its config, state, trial counts by run status (plus LOST), and the best trial so far
 * by the sweep metric (null fields when there is none yet).
 */
public record SweepView(String sweepId, String experimentId, String name, String method, JsonNode config,
                        SweepState state, LifecycleStage lifecycleStage, long trialCount, Map<String, Long> counts,
                        String metricName, String metricGoal, String bestRunId, Long bestTrialIndex, Double bestValue,
                        long creationTimeMs, long lastUpdateTimeMs) {}
