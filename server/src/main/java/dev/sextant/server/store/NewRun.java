package dev.sextant.server.store;

import dev.sextant.server.domain.RunStatus;
import java.util.Map;

/** Everything a run starts with; params are already flattened to dotted keys. */
public record NewRun(
        String runId,
        String experimentId,
        String name,
        RunStatus status,
        long startTimeMs,
        String user,
        String parentRunId,
        String artifactUri,
        Map<String, String> params,
        Map<String, String> tags) {

    public NewRun {
        params = Map.copyOf(params);
        tags = Map.copyOf(tags);
    }
}
