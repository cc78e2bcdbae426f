package dev.sextant.server.domain;

import java.util.List;
import java.util.Map;

/**
 * A named model in the registry: its tags, its aliases (alias → version number) and the newest version in each
 * stage that has one ({@code latestVersions}). Times are epoch ms.
 */
public record RegisteredModel(
        String name,
        String description,
        String userId,
        long creationTimeMs,
        long lastUpdatedTimeMs,
        Map<String, String> tags,
        Map<String, Integer> aliases,
        List<ModelVersion> latestVersions) {

    public RegisteredModel {
        tags = Map.copyOf(tags);
        aliases = Map.copyOf(aliases);
        latestVersions = List.copyOf(latestVersions);
    }
}
