package dev.sextant.server.mlflow;

import dev.sextant.server.domain.LoggedModel;
import dev.sextant.server.domain.ModelMetric;
import dev.sextant.server.domain.RunModelLink;
import java.util.List;

/**
 * MLflow 3's logged-model shapes (snake_case proto field names) and their mapping from our domain records. A
 * model's files are at {@code mlflow-artifacts:/<experiment_id>/models/<model_id>/artifacts}, so clients upload
 * and download them through the proxied artifact API, as with MLflow's own server.
 */
final class MlflowModelJson {
    private MlflowModelJson() {}

    static final String STATUS_PREFIX = "LOGGED_MODEL_";

    record LoggedModelJson(LoggedModelInfoJson info, LoggedModelDataJson data) {}

    record LoggedModelInfoJson(String modelId, String experimentId, String name, long creationTimestampMs,
                               long lastUpdatedTimestampMs, String artifactUri, String status, String modelType,
                               String sourceRunId, String statusMessage, List<MlflowJson.KeyValue> tags) {}

    record LoggedModelDataJson(List<MlflowJson.KeyValue> params, List<ModelMetricJson> metrics) {}

    record ModelMetricJson(String key, double value, long timestamp, long step, String datasetName, String datasetDigest,
                           String modelId, String runId) {}

    record ModelInputJson(String modelId) {}

    record ModelOutputJson(String modelId, long step) {}

    static LoggedModelJson model(LoggedModel model) {
        var info = new LoggedModelInfoJson(model.modelId(), model.experimentId(), model.name(), model.creationTimeMs(),
                model.lastUpdatedTimeMs(), artifactUri(model), STATUS_PREFIX + model.status().name(),
                model.modelType().isEmpty() ? null : model.modelType(), model.sourceRunId(),
                model.statusMessage().isEmpty() ? null : model.statusMessage(), MlflowJson.keyValues(model.tags()));
        var metrics = model.metrics().stream().map(MlflowModelJson::metric).toList();
        return new LoggedModelJson(info, new LoggedModelDataJson(MlflowJson.keyValues(model.params()), metrics));
    }

    static String artifactUri(LoggedModel model) {
        return "mlflow-artifacts:/" + model.experimentId() + "/models/" + model.modelId() + "/artifacts";
    }

    /** The run's model inputs and outputs, in the order the run linked them. */
    static List<ModelInputJson> inputs(List<RunModelLink> links) {
        return links.stream().filter(link -> link.direction() == RunModelLink.Direction.INPUT)
                .map(link -> new ModelInputJson(link.modelId())).toList();
    }

    static List<ModelOutputJson> outputs(List<RunModelLink> links) {
        return links.stream().filter(link -> link.direction() == RunModelLink.Direction.OUTPUT)
                .map(link -> new ModelOutputJson(link.modelId(), link.step())).toList();
    }

    private static ModelMetricJson metric(ModelMetric metric) {
        return new ModelMetricJson(metric.key(), MlflowJson.clampInfinity(metric.value()), metric.timestampMs(), metric.step(),
                metric.datasetName(), metric.datasetDigest(), metric.modelId(), metric.runId());
    }
}
