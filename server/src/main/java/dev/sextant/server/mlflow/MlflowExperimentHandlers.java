package dev.sextant.server.mlflow;

import dev.sextant.server.domain.Experiment;
import dev.sextant.server.domain.LifecycleStage;
import dev.sextant.server.domain.ViewType;
import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.service.ExperimentService;
import dev.sextant.server.service.InputRules;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** MLflow's /experiments/* endpoints on top of ExperimentService. */
final class MlflowExperimentHandlers {

    private final ExperimentService experiments;
    private final MlflowJson json;

    MlflowExperimentHandlers(ExperimentService experiments, MlflowJson json) {
        this.experiments = experiments;
        this.json = json;
    }

    void create(Context ctx) {
        var request = json.read(ctx);
        var name = request.requiredString("name");
        var location = request.string("artifact_location");
        if (location != null && location.startsWith("runs:")) {
            throw SextantException.invalid("Experiment artifact location cannot be a runs:/ URI, got '" + location + "'");
        }
        // A requested artifact_location is not honoured: Sextant decides where artifacts live (see the compat notes).
        var experiment = experiments.create(name, null, request.keyValues("tags"));
        json.write(ctx, Map.of("experiment_id", experiment.experimentId()));
    }

    void get(Context ctx) {
        var experiment = experiments.get(json.read(ctx).requiredString("experiment_id"));
        json.write(ctx, Map.of("experiment", MlflowJson.experiment(experiment)));
    }

    void getByName(Context ctx) {
        var name = json.read(ctx).requiredString("experiment_name");
        Experiment experiment;
        try {
            experiment = experiments.getByName(name);
        } catch (SextantException e) {
            if (e.code() != ErrorCode.RESOURCE_DOES_NOT_EXIST) throw e;
            throw new SextantException(ErrorCode.RESOURCE_DOES_NOT_EXIST, "Could not find experiment with name '" + name + "'");
        }
        json.write(ctx, Map.of("experiment", MlflowJson.experiment(experiment)));
    }

    void search(Context ctx) {
        var request = json.read(ctx);
        var view = request.enumValue("view_type", ViewType.class);
        var maxResults = request.optionalLong("max_results");
        long max = maxResults == null ? 1000 : maxResults;
        if (max < 1 || max > InputRules.MAX_SEARCH_RESULTS) {
            throw SextantException.invalid("Invalid value " + max + " for parameter 'max_results' supplied. It must be "
                    + "at most " + InputRules.MAX_SEARCH_RESULTS + " and at least 1");
        }
        var page = experiments.search(view == null ? ViewType.ACTIVE_ONLY : view, request.string("filter"),
                request.strings("order_by"), (int) max, request.string("page_token"));
        var response = new LinkedHashMap<String, Object>();
        response.put("experiments", page.items().stream().map(MlflowJson::experiment).toList());
        if (page.nextPageToken() != null) response.put("next_page_token", page.nextPageToken());
        json.write(ctx, response);
    }

    void update(Context ctx) {
        var request = json.read(ctx);
        var id = request.requiredString("experiment_id");
        var newName = request.requiredString("new_name");
        experiments.get(id);
        experiments.update(id, newName, null);
        json.writeEmpty(ctx);
    }

    /** MLflow looks the experiment up among active ones only, so deleting it twice is a 404. */
    void delete(Context ctx) {
        var id = json.read(ctx).requiredString("experiment_id");
        requireStage(id, LifecycleStage.ACTIVE);
        experiments.delete(id);
        json.writeEmpty(ctx);
    }

    /** MLflow looks the experiment up among deleted ones only, so restoring an active one is a 404. */
    void restore(Context ctx) {
        var id = json.read(ctx).requiredString("experiment_id");
        requireStage(id, LifecycleStage.DELETED);
        experiments.restore(id);
        json.writeEmpty(ctx);
    }

    private void requireStage(String id, LifecycleStage stage) {
        if (experiments.get(id).lifecycleStage() != stage) {
            throw new SextantException(ErrorCode.RESOURCE_DOES_NOT_EXIST,
                    "No " + stage.wireName() + " experiment with id=" + id + " exists");
        }
    }

    void setTag(Context ctx) {
        var request = json.read(ctx);
        var id = request.requiredString("experiment_id");
        var key = request.requiredString("key");
        var value = request.string("value");
        experiments.get(id);
        experiments.setTags(id, Map.of(key, value == null ? "" : value));
        json.writeEmpty(ctx);
    }

    /** MLflow 3 clients' delete_experiment_tag; an absent tag is a 404, as in MLflow. */
    void deleteTag(Context ctx) {
        var request = json.read(ctx);
        var id = request.requiredString("experiment_id");
        var key = request.requiredString("key");
        experiments.get(id);
        experiments.deleteTag(id, key);
        json.writeEmpty(ctx);
    }
}
