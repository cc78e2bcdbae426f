package dev.sextant.server.mlflow;

import dev.sextant.server.domain.LifecycleStage;
import dev.sextant.server.domain.ModelVersion;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.service.LoggedModelService;
import dev.sextant.server.service.RegistryService;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** MLflow's model registry: /registered-models/* and /model-versions/* on top of RegistryService. */
final class MlflowRegistryHandlers {
    private final RegistryService registry;
    private final LoggedModelService loggedModels;
    private final MlflowJson json;

    MlflowRegistryHandlers(RegistryService registry, LoggedModelService loggedModels, MlflowJson json) {
        this.registry = registry;
        this.loggedModels = loggedModels;
        this.json = json;
    }

    // ---- registered models ----

    void create(Context ctx) {
        var request = json.read(ctx);
        var model = registry.create(request.requiredString("name"), request.string("description"), request.keyValues("tags"));
        json.write(ctx, Map.of("registered_model", MlflowRegistryJson.model(model)));
    }

    void get(Context ctx) {
        json.write(ctx, Map.of("registered_model", MlflowRegistryJson.model(registry.get(json.read(ctx).requiredString("name")))));
    }

    void rename(Context ctx) {
        var request = json.read(ctx);
        var model = registry.rename(request.requiredString("name"), request.string("new_name"));
        json.write(ctx, Map.of("registered_model", MlflowRegistryJson.model(model)));
    }

    void update(Context ctx) {
        var request = json.read(ctx);
        var model = registry.update(request.requiredString("name"), request.string("description"));
        json.write(ctx, Map.of("registered_model", MlflowRegistryJson.model(model)));
    }

    void delete(Context ctx) {
        registry.delete(json.read(ctx).requiredString("name"));
        json.writeEmpty(ctx);
    }

    void search(Context ctx) {
        var request = json.read(ctx);
        var page = registry.search(request.string("filter"), request.strings("order_by"), maxResults(request, 100),
                emptyToNull(request.string("page_token")));
        var response = new LinkedHashMap<String, Object>();
        response.put("registered_models", page.items().stream().map(MlflowRegistryJson::model).toList());
        if (page.nextPageToken() != null) response.put("next_page_token", page.nextPageToken());
        json.write(ctx, response);
    }

    void latestVersions(Context ctx) {
        var request = json.read(ctx);
        var versions = registry.latestVersions(request.requiredString("name"), request.strings("stages"));
        json.write(ctx, Map.of("model_versions", versions.stream().map(MlflowRegistryJson::version).toList()));
    }

    void setTag(Context ctx) {
        var request = json.read(ctx);
        var value = request.string("value");
        registry.setTag(request.requiredString("name"), request.requiredString("key"), value == null ? "" : value);
        json.writeEmpty(ctx);
    }

    void deleteTag(Context ctx) {
        var request = json.read(ctx);
        registry.deleteTag(request.requiredString("name"), request.requiredString("key"));
        json.writeEmpty(ctx);
    }

    void setAlias(Context ctx) {
        var request = json.read(ctx);
        registry.setAlias(request.requiredString("name"), request.requiredString("alias"), request.requiredString("version"));
        json.writeEmpty(ctx);
    }

    void deleteAlias(Context ctx) {
        var request = json.read(ctx);
        registry.deleteAlias(request.requiredString("name"), request.requiredString("alias"));
        json.writeEmpty(ctx);
    }

    void getByAlias(Context ctx) {
        var request = json.read(ctx);
        var version = registry.getByAlias(request.requiredString("name"), request.requiredString("alias"));
        json.write(ctx, Map.of("model_version", MlflowRegistryJson.version(version)));
    }

    // ---- model versions ----

    void createVersion(Context ctx) {
        var request = json.read(ctx);
        var version = registry.createVersion(request.requiredString("name"), request.requiredString("source"),
                emptyToNull(request.string("run_id")), request.string("run_link"), emptyToNull(request.string("model_id")),
                request.string("description"), request.keyValues("tags"));
        if (version.modelId() != null) listOnLoggedModel(version);
        json.write(ctx, Map.of("model_version", MlflowRegistryJson.version(version)));
    }

    /** As MLflow 3's server does: a version made from a logged model is listed in that model's mlflow.modelVersions tag. */
    private void listOnLoggedModel(ModelVersion version) {
        var model = loggedModels.get(version.modelId(), true);
        if (model.lifecycleStage() != LifecycleStage.ACTIVE) return;
        var tag = MlflowModelVersionsTag.withVersion(model.tags().get(MlflowModelVersionsTag.KEY), version.name(), version.version());
        if (tag != null) loggedModels.setTags(model.modelId(), Map.of(MlflowModelVersionsTag.KEY, tag));
    }

    void getVersion(Context ctx) {
        var request = json.read(ctx);
        var version = registry.getVersion(request.requiredString("name"), request.requiredString("version"));
        json.write(ctx, Map.of("model_version", MlflowRegistryJson.version(version)));
    }

    void updateVersion(Context ctx) {
        var request = json.read(ctx);
        var version = registry.updateVersion(request.requiredString("name"), request.requiredString("version"),
                request.string("description"));
        json.write(ctx, Map.of("model_version", MlflowRegistryJson.version(version)));
    }

    void transitionStage(Context ctx) {
        var request = json.read(ctx);
        var archive = request.field("archive_existing_versions");
        if (archive == null) throw MlflowRequest.missing("archive_existing_versions");
        var version = registry.transitionStage(request.requiredString("name"), request.requiredString("version"),
                request.requiredString("stage"), archive.asText().equalsIgnoreCase("true"));
        json.write(ctx, Map.of("model_version", MlflowRegistryJson.version(version)));
    }

    void deleteVersion(Context ctx) {
        var request = json.read(ctx);
        registry.deleteVersion(request.requiredString("name"), request.requiredString("version"));
        json.writeEmpty(ctx);
    }

    void searchVersions(Context ctx) {
        var request = json.read(ctx);
        var page = registry.searchVersions(request.string("filter"), request.strings("order_by"),
                maxResults(request, RegistryService.MAX_VERSION_SEARCH_RESULTS), emptyToNull(request.string("page_token")));
        var response = new LinkedHashMap<String, Object>();
        response.put("model_versions", page.items().stream().map(MlflowRegistryJson::version).toList());
        if (page.nextPageToken() != null) response.put("next_page_token", page.nextPageToken());
        json.write(ctx, response);
    }

    /** Where the version's files are: the logged model's mlflow-artifacts: URI, or the URI it was registered from. */
    void downloadUri(Context ctx) {
        var request = json.read(ctx);
        var download = registry.download(request.requiredString("name"), request.requiredString("version"));
        json.write(ctx, Map.of("artifact_uri", download.model() != null ? MlflowModelJson.artifactUri(download.model()) : download.uri()));
    }

    void setVersionTag(Context ctx) {
        var request = json.read(ctx);
        var value = request.string("value");
        registry.setVersionTag(request.requiredString("name"), request.requiredString("version"), request.requiredString("key"),
                value == null ? "" : value);
        json.writeEmpty(ctx);
    }

    void deleteVersionTag(Context ctx) {
        var request = json.read(ctx);
        registry.deleteVersionTag(request.requiredString("name"), request.requiredString("version"), request.requiredString("key"));
        json.writeEmpty(ctx);
    }

    private static int maxResults(MlflowRequest request, int defaultValue) {
        var value = request.optionalLong("max_results");
        if (value == null) return defaultValue;
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw SextantException.invalid("Invalid value " + value + " for parameter 'max_results' supplied.");
        }
        return value.intValue();
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
