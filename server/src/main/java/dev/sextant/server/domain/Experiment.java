package dev.sextant.server.domain;

import java.util.Map;

/** An experiment: a named group of runs. Ids are decimal strings; "0" is Default. */
public record Experiment(
        String experimentId,
        String name,
        String description,
        String artifactLocation,
        LifecycleStage lifecycleStage,
        long creationTimeMs,
        long lastUpdateTimeMs,
        Map<String, String> tags,
        long runCount,
        Long lastRunStartTimeMs) {

    public Experiment {
        tags = Map.copyOf(tags);
    }
}
