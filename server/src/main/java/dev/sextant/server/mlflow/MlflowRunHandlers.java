package dev.sextant.server.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sextant.server.domain.Dataset;
import dev.sextant.server.domain.DatasetInput;
import dev.sextant.server.domain.RunStatus;
import dev.sextant.server.domain.ViewType;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.service.CreateRunCommand;
import dev.sextant.server.service.InputRules;
import dev.sextant.server.service.RunService;
import dev.sextant.server.store.RunQuery;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * MLflow's /runs/* endpoints (except metric logging) on top of RunService. MLflow keeps a run's name
 * both as run_name and as the tag mlflow.runName; Sextant's run name is the one source of truth, and
 * every MLflow write of either also writes the other.
 */
final class MlflowRunHandlers {
    static final String MODEL_HISTORY_TAG = "mlflow.log-model.history";
    static final String PARENT_RUN_TAG = "mlflow.parentRunId";

    private final RunService runs;
    private final MlflowJson json;

    MlflowRunHandlers(RunService runs, MlflowJson json) {
        this.runs = runs;
        this.json = json;
    }

    void create(Context ctx) {
        var request = json.read(ctx);
        var experimentId = request.string("experiment_id");
        var tags = new LinkedHashMap<>(request.keyValues("tags"));
        var runName = emptyToNull(request.string("run_name"));
        var tagName = emptyToNull(tags.get(MlflowJson.RUN_NAME_TAG));
        if (runName != null && tagName != null && !runName.equals(tagName)) {
            throw SextantException.invalid("Both 'run_name' argument and 'mlflow.runName' tag are specified, but with "
                    + "different values (run_name='" + runName + "', mlflow.runName='" + tagName + "').");
        }
        var name = runName != null ? runName : tagName;
        var parent = tags.get(PARENT_RUN_TAG);
        // MLflow records the name, given or picked by the service, as the mlflow.runName tag too.
        var run = runs.create(new CreateRunCommand(
                experimentId == null || experimentId.isEmpty() ? "0" : experimentId, null, null, name,
                request.string("user_id"), request.optionalLong("start_time"),
                InputRules.isRunId(parent) ? parent : null, Map.of(), tags), MlflowJson.RUN_NAME_TAG);
        json.write(ctx, Map.of("run", MlflowJson.run(run)));
    }

    void get(Context ctx) {
        json.write(ctx, Map.of("run", MlflowJson.run(runs.get(json.read(ctx).runId()))));
    }

    void update(Context ctx) {
        var request = json.read(ctx);
        var runId = request.runId();
        var name = emptyToNull(request.string("run_name"));
        // A new name is recorded as the mlflow.runName tag too, in the same transaction.
        var run = runs.update(runId, request.enumValue("status", RunStatus.class), request.optionalLong("end_time"), name, null,
                name == null ? Map.of() : Map.of(MlflowJson.RUN_NAME_TAG, name));
        json.write(ctx, Map.of("run_info", MlflowJson.runInfo(run)));
    }

    void delete(Context ctx) {
        runs.delete(json.read(ctx).runId());
        json.writeEmpty(ctx);
    }

    void restore(Context ctx) {
        runs.restore(json.read(ctx).runId());
        json.writeEmpty(ctx);
    }

    void search(Context ctx) {
        var request = json.read(ctx);
        var experimentIds = request.strings("experiment_ids");
        var maxResults = request.optionalLong("max_results");
        long max = maxResults == null ? 1000 : maxResults;
        if (max < 0 || max > InputRules.MAX_SEARCH_RESULTS) {
            throw SextantException.invalid("Invalid value " + max + " for parameter 'max_results' supplied. It must be "
                    + "at most " + InputRules.MAX_SEARCH_RESULTS);
        }
        // MLflow answers an empty experiment list (or max_results 0) with no runs; our store would search everything.
        if (experimentIds.isEmpty() || max == 0) {
            json.write(ctx, Map.of("runs", List.of()));
            return;
        }
        var view = request.enumValue("run_view_type", ViewType.class);
        var page = runs.searchInSlices(new RunQuery(experimentIds, request.string("filter"), request.strings("order_by"),
                view == null ? ViewType.ACTIVE_ONLY : view, (int) max, emptyToNull(request.string("page_token"))));
        // A page of up to 50,000 runs is converted and written run by run, its details read a slice at a time: held
        // whole it ran a 256 MB server out of heap (as the native search did before it was sliced).
        Iterable<MlflowJson.RunJson> items = () -> StreamSupport.stream(page.items().spliterator(), false)
                .map(MlflowJson::run).iterator();
        var response = new LinkedHashMap<String, Object>();
        response.put("runs", items);
        if (page.nextPageToken() != null) response.put("next_page_token", page.nextPageToken());
        json.writeStreamed(ctx, response);
    }

    void logParam(Context ctx) {
        var request = json.read(ctx);
        // Checked in MLflow's order (run id, key, value), so a request wrong in several fields names the same one.
        var runId = request.runId();
        var key = request.requiredString("key");
        var value = request.string("value");
        runs.logParams(runId, Map.of(key, value == null ? "" : value));
        json.writeEmpty(ctx);
    }

    void setTag(Context ctx) {
        var request = json.read(ctx);
        var runId = request.runId();
        var key = request.requiredString("key");
        var value = request.string("value");
        // Setting mlflow.runName renames the run, in the same transaction.
        var rename = key.equals(MlflowJson.RUN_NAME_TAG) && value != null && !value.isEmpty() ? value : null;
        runs.setTags(runId, Map.of(key, value == null ? "" : value), rename);
        json.writeEmpty(ctx);
    }

    void deleteTag(Context ctx) {
        var request = json.read(ctx);
        runs.deleteTag(request.runId(), request.requiredString("key"));
        json.writeEmpty(ctx);
    }

    /** Appends the model's metadata to the run tag mlflow.log-model.history, which MLflow's UI reads. */
    void logModel(Context ctx) {
        var request = json.read(ctx);
        var runId = request.runId();
        var modelJson = request.requiredString("model_json");
        var mapper = json.mapper();
        com.fasterxml.jackson.databind.JsonNode model;
        try {
            model = mapper.readTree(modelJson);
        } catch (JsonProcessingException e) {
            throw SextantException.invalid("Malformed model info. 'model_json' is not valid JSON: " + e.getOriginalMessage());
        }
        for (var field : List.of("artifact_path", "flavors", "utc_time_created", "run_id")) {
            if (model == null || !model.isObject() || !model.has(field)) {
                throw SextantException.invalid("Model json is missing mandatory fields: '" + field + "'");
            }
        }
        var logged = model;
        // The history is appended to inside one transaction, so concurrent log_model calls never lose an entry.
        runs.updateTag(runId, MODEL_HISTORY_TAG, existing -> {
            var history = JsonNodeFactory.instance.arrayNode();
            if (existing != null) {
                try {
                    if (mapper.readTree(existing) instanceof ArrayNode array) history = array;
                } catch (JsonProcessingException e) {
                    // An unreadable history is replaced rather than blocking every later log_model.
                }
            }
            history.add(logged);
            return history.toString();
        });
        json.writeEmpty(ctx);
    }

    /** Datasets the run read; the required fields are checked here with MLflow's messages, the limits by the service. */
    void logInputs(Context ctx) {
        var request = json.read(ctx);
        var runId = request.runId();
        var messages = request.messages("datasets");
        var inputs = new ArrayList<DatasetInput>();
        for (int i = 0; i < messages.size(); i++) {
            var dataset = messages.get(i).message("dataset");
            for (var field : List.of("name", "digest", "source_type", "source")) {
                if (dataset.string(field) == null || dataset.string(field).isEmpty()) {
                    throw MlflowRequest.missing("datasets[" + i + "].dataset." + field);
                }
            }
            inputs.add(new DatasetInput(
                    new Dataset(dataset.string("name"), dataset.string("digest"), dataset.string("source_type"),
                            dataset.string("source"), emptyToNull(dataset.string("schema")), emptyToNull(dataset.string("profile"))),
                    messages.get(i).keyValues("tags")));
        }
        var modelIds = new ArrayList<String>();
        var models = request.messages("models");
        for (int i = 0; i < models.size(); i++) {
            var modelId = models.get(i).string("model_id");
            if (modelId == null || modelId.isEmpty()) throw MlflowRequest.missing("models[" + i + "].model_id");
            modelIds.add(modelId);
        }
        runs.logInputs(runId, "datasets", inputs, modelIds);
        json.writeEmpty(ctx);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
