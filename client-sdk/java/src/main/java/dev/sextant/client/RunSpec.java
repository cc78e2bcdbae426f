package dev.sextant.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What to start: the experiment (by name; created when missing), an optional run name, the config
 * (nested maps become dotted keys on the server), tags, and an optional parent run for nested runs.
 */
public record RunSpec(String experiment, String name, Map<String, ?> config, Map<String, String> tags, String parentRunId) {
    public RunSpec {
        Objects.requireNonNull(experiment, "experiment");
        config = config == null ? Map.of() : copy(config);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public static RunSpec of(String experiment) {
        return new RunSpec(experiment, null, Map.of(), Map.of(), null);
    }

    public RunSpec withName(String runName) {
        return new RunSpec(experiment, runName, config, tags, parentRunId);
    }

    public RunSpec withConfig(Map<String, ?> runConfig) {
        return new RunSpec(experiment, name, runConfig, tags, parentRunId);
    }

    public RunSpec withTags(Map<String, String> runTags) {
        return new RunSpec(experiment, name, config, runTags, parentRunId);
    }

    public RunSpec withParent(String parentId) {
        return new RunSpec(experiment, name, config, tags, parentId);
    }

    // Map.copyOf refuses null values, which a config may legitimately hold.
    private static Map<String, ?> copy(Map<String, ?> config) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }
}
