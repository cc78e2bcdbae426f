package dev.sextant.server.domain;

import java.util.List;
import java.util.Map;

/**
 * One numbered version of a registered model. {@code source} is the URI it was registered from; its files are the
 * logged model {@code modelId}'s when {@code storageLocation} is null, otherwise at that URI. runId, runLink and
 * modelId may be null. Times are epoch ms.
 */
public record ModelVersion(
        String name,
        int version,
        String description,
        String userId,
        ModelStage stage,
        String source,
        String storageLocation,
        String runId,
        String runLink,
        String modelId,
        long creationTimeMs,
        long lastUpdatedTimeMs,
        Map<String, String> tags,
        List<String> aliases) {

    public ModelVersion {
        tags = Map.copyOf(tags);
        aliases = List.copyOf(aliases);
    }
}
