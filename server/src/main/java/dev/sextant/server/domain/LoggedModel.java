package dev.sextant.server.domain;

import java.util.List;
import java.util.Map;

/**
 * An MLflow 3 logged model: its own id ({@code m-} and 32 hex digits), the experiment it lives in, the run that
 * made it (sourceRunId, may be null), params, tags and the metric points runs logged for it. Times are epoch ms.
 */
public record LoggedModel(
        String modelId,
        String experimentId,
        String name,
        String modelType,
        String sourceRunId,
        LoggedModelStatus status,
        String statusMessage,
        LifecycleStage lifecycleStage,
        long creationTimeMs,
        long lastUpdatedTimeMs,
        Map<String, String> params,
        Map<String, String> tags,
        List<ModelMetric> metrics) {

    public LoggedModel {
        params = Map.copyOf(params);
        tags = Map.copyOf(tags);
        metrics = List.copyOf(metrics);
    }
}
