package dev.sextant.server.domain;

import java.util.List;
import java.util.Map;

/**
 * A run with everything a table row needs: flat params (dotted config keys), tags, the summary
 * of every metric series, the datasets it read and the logged models it produced or used. Times are epoch milliseconds; endTimeMs and parentRunId may be null.
 */
public record Run(
        String runId,
        String experimentId,
        String name,
        RunStatus status,
        long startTimeMs,
        Long endTimeMs,
        LifecycleStage lifecycleStage,
        String user,
        String parentRunId,
        String notes,
        String artifactUri,
        Map<String, String> params,
        Map<String, String> tags,
        List<MetricSummary> metrics,
        List<DatasetInput> inputs,
        List<RunModelLink> models) {

    public Run {
        params = Map.copyOf(params);
        tags = Map.copyOf(tags);
        metrics = List.copyOf(metrics);
        inputs = List.copyOf(inputs);
        models = List.copyOf(models);
    }
}
