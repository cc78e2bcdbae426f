package dev.sextant.server.store;

import java.util.Map;

/** Everything a logged model starts with; sourceRunId may be null. */
public record NewLoggedModel(String modelId, String experimentId, String name, String modelType, String sourceRunId,
                             Map<String, String> params, Map<String, String> tags, long nowMs) {
    public NewLoggedModel {
        params = Map.copyOf(params);
        tags = Map.copyOf(tags);
    }
}
