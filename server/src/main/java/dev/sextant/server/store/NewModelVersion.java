package dev.sextant.server.store;

import java.util.Map;

/** Everything a model version starts with; the store numbers it. storageLocation, runId and modelId may be null. */
public record NewModelVersion(String name, String source, String storageLocation, String runId, String runLink,
                              String modelId, String description, String userId, Map<String, String> tags, long nowMs) {
    public NewModelVersion {
        tags = Map.copyOf(tags);
    }
}
