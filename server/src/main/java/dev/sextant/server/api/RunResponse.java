package dev.sextant.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.domain.DatasetInput;
import dev.sextant.server.domain.LifecycleStage;
import dev.sextant.server.domain.MetricSummary;
import dev.sextant.server.domain.Run;
import dev.sextant.server.domain.RunStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run on the wire: the config both nested and flat, metric summaries keyed by metric, the datasets it read. */
record RunResponse(
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
        Map<String, Object> config,
        Map<String, String> params,
        Map<String, String> tags,
        Map<String, MetricSummary> metrics,
        List<DatasetInput> inputs) {

    static RunResponse of(Run run, ObjectMapper mapper) {
        var metrics = new LinkedHashMap<String, MetricSummary>();
        for (var summary : run.metrics()) metrics.put(summary.key(), summary);
        return new RunResponse(run.runId(), run.experimentId(), run.name(), run.status(), run.startTimeMs(),
                run.endTimeMs(), run.lifecycleStage(), run.user(), run.parentRunId(), run.notes(), run.artifactUri(),
                ConfigJson.nest(run.params(), mapper), new java.util.TreeMap<>(run.params()),
                new java.util.TreeMap<>(run.tags()), metrics, run.inputs());
    }
}
