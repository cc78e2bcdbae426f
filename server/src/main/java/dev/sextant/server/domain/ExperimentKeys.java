package dev.sextant.server.domain;

import java.util.List;

/**
 * Every param, metric and tag key logged to a run of an experiment, each list sorted: the runs table's column
 * list, answered without looking at the runs. Keys of deleted runs, and tag keys since deleted, stay listed.
 */
public record ExperimentKeys(List<String> params, List<String> metrics, List<String> tags) {
    public ExperimentKeys {
        params = List.copyOf(params);
        metrics = List.copyOf(metrics);
        tags = List.copyOf(tags);
    }
}
