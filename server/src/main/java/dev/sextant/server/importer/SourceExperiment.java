package dev.sextant.server.importer;

import java.util.List;
import java.util.Map;

/**
 * An experiment as the source tool describes it, with its runs. {@code sourceId} is the tool's own id (MLflow's
 * experiment id, a W&B project, a TensorBoard log folder); Sextant finds or creates the experiment by {@code name}.
 */
public record SourceExperiment(String sourceId, String name, String description, Map<String, String> tags,
                               boolean deleted, List<SourceRun> runs) {
    public SourceExperiment {
        description = description == null ? "" : description;
        tags = Map.copyOf(tags);
        runs = List.copyOf(runs);
    }
}
