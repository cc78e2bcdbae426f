package dev.sextant.server.mlflow;

import dev.sextant.server.domain.LoggedModelStatus;
import dev.sextant.server.domain.RunModelLink;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.service.LoggedModelService;
import dev.sextant.server.store.LoggedModelQuery;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** MLflow 3's /logged-models/* endpoints and runs/outputs on top of LoggedModelService. */
final class MlflowLoggedModelHandlers {
    private final LoggedModelService models;
    private final MlflowJson json;

    MlflowLoggedModelHandlers(LoggedModelService models, MlflowJson json) {
        this.models = models;
        this.json = json;
    }

    void create(Context ctx) {
        var request = json.read(ctx);
        var model = models.create(request.requiredString("experiment_id"), emptyToNull(request.string("name")),
                emptyToNull(request.string("model_type")), emptyToNull(request.string("source_run_id")),
                request.keyValues("params"), request.keyValues("tags"));
        json.write(ctx, Map.of("model", MlflowModelJson.model(model)));
    }

    void get(Context ctx) {
        var allowDeleted = "true".equalsIgnoreCase(ctx.queryParam("allow_deleted"));
        json.write(ctx, Map.of("model", MlflowModelJson.model(models.get(ctx.pathParam("model_id"), allowDeleted))));
    }

    /** PATCH: the status the client reached, READY or UPLOAD_FAILED, by name or by proto number. */
    void finalize(Context ctx) {
        var request = json.read(ctx);
        var status = status(request);
        json.write(ctx, Map.of("model", MlflowModelJson.model(models.finalize(ctx.pathParam("model_id"), status))));
    }

    void delete(Context ctx) {
        models.delete(ctx.pathParam("model_id"));
        json.writeEmpty(ctx);
    }

    void setTags(Context ctx) {
        var tags = json.read(ctx).keyValues("tags");
        json.write(ctx, Map.of("model", MlflowModelJson.model(models.setTags(ctx.pathParam("model_id"), tags))));
    }

    void deleteTag(Context ctx) {
        models.deleteTag(ctx.pathParam("model_id"), ctx.pathParam("tag_key"));
        json.writeEmpty(ctx);
    }

    void logParams(Context ctx) {
        models.logParams(ctx.pathParam("model_id"), json.read(ctx).keyValues("params"));
        json.writeEmpty(ctx);
    }

    void search(Context ctx) {
        var request = json.read(ctx);
        var datasets = new ArrayList<LoggedModelQuery.DatasetRef>();
        var datasetMessages = request.messages("datasets");
        for (int i = 0; i < datasetMessages.size(); i++) {
            var name = datasetMessages.get(i).string("dataset_name");
            if (name == null || name.isEmpty()) {
                throw SextantException.invalid("`dataset_name` in the `datasets` clause must be specified.");
            }
            datasets.add(new LoggedModelQuery.DatasetRef(name, emptyToNull(datasetMessages.get(i).string("dataset_digest"))));
        }
        var orderBy = new ArrayList<LoggedModelQuery.Order>();
        for (var order : request.messages("order_by")) {
            var ascending = order.field("ascending");
            var datasetName = emptyToNull(order.string("dataset_name"));
            orderBy.add(new LoggedModelQuery.Order(order.requiredString("field_name"),
                    ascending == null || ascending.asText().equalsIgnoreCase("true"),
                    datasetName == null ? null : new LoggedModelQuery.DatasetRef(datasetName, emptyToNull(order.string("dataset_digest")))));
        }
        var maxResults = request.optionalLong("max_results");
        var page = models.search(new LoggedModelQuery(request.strings("experiment_ids"), request.string("filter"), datasets,
                orderBy, maxResults == null || maxResults == 0 ? 50 : maxResults.intValue(), emptyToNull(request.string("page_token"))));
        var response = new LinkedHashMap<String, Object>();
        response.put("models", page.items().stream().map(MlflowModelJson::model).toList());
        if (page.nextPageToken() != null) response.put("next_page_token", page.nextPageToken());
        json.write(ctx, response);
    }

    /** runs/outputs: the models a run produced, each at a step. */
    void logOutputs(Context ctx) {
        var request = json.read(ctx);
        var runId = request.runId();
        var links = new ArrayList<RunModelLink>();
        var messages = request.messages("models");
        for (int i = 0; i < messages.size(); i++) {
            var modelId = messages.get(i).string("model_id");
            if (modelId == null || modelId.isEmpty()) throw MlflowRequest.missing("models[" + i + "].model_id");
            var step = messages.get(i).optionalLong("step");
            links.add(new RunModelLink(modelId, RunModelLink.Direction.OUTPUT, step == null ? 0 : step));
        }
        models.linkRun(runId, links);
        json.writeEmpty(ctx);
    }

    private static LoggedModelStatus status(MlflowRequest request) {
        var node = request.field("status");
        if (node == null) throw MlflowRequest.missing("status");
        var text = node.asText().toUpperCase(Locale.ROOT);
        if (text.startsWith(MlflowModelJson.STATUS_PREFIX)) text = text.substring(MlflowModelJson.STATUS_PREFIX.length());
        switch (text) {
            case "1", "PENDING": return LoggedModelStatus.PENDING;
            case "2", "READY": return LoggedModelStatus.READY;
            case "3", "UPLOAD_FAILED", "FAILED": return LoggedModelStatus.UPLOAD_FAILED;
            default: throw SextantException.invalid("Invalid value " + node + " for parameter 'status' supplied.");
        }
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
