package dev.sextant.server.service;

import dev.sextant.server.domain.LoggedModel;
import dev.sextant.server.domain.ModelStage;
import dev.sextant.server.domain.ModelVersion;
import dev.sextant.server.domain.Page;
import dev.sextant.server.domain.RegisteredModel;
import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.store.NewModelVersion;
import dev.sextant.server.store.RegistryStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Rules of the model registry, with MLflow's names and messages: model names without '/' or ':', versions numbered
 * per model, stages, aliases ([\w-], not "latest" nor v&lt;digits&gt;), tag limits, and where a version's files are.
 */
public final class RegistryService {
    public static final int MAX_MODEL_SEARCH_RESULTS = 1000;
    public static final int MAX_VERSION_SEARCH_RESULTS = 200_000;
    private static final int MAX_TAG_KEY = 250;
    private static final int MAX_TAG_VALUE = 5000;
    private static final Pattern ALIAS = Pattern.compile("[\\w\\-]{1,255}");
    private static final Pattern VERSION_ALIAS = Pattern.compile("[vV]\\d+");
    private static final Pattern MODEL_ID_URI = Pattern.compile("models:/(m-[0-9a-f]{32})/?");

    private final RegistryStore store;
    private final LoggedModelService loggedModels;
    private final Clock clock;

    public RegistryService(RegistryStore store, LoggedModelService loggedModels, Clock clock) {
        this.store = store;
        this.loggedModels = loggedModels;
        this.clock = clock;
    }

    /** Where a version's files are: a logged model's (model not null) or the URI {@code uri}. */
    public record Download(ModelVersion version, LoggedModel model, String uri) {}

    public RegisteredModel create(String name, String description, Map<String, String> tags) {
        modelName(name);
        tags.forEach(RegistryService::tag);
        store.createRegisteredModel(name, description == null ? "" : description, tags, clock.millis());
        return get(name);
    }

    public RegisteredModel get(String name) {
        modelName(name);
        return store.findRegisteredModel(name).orElseThrow(() -> new SextantException(ErrorCode.RESOURCE_DOES_NOT_EXIST,
                "Registered Model with name=" + name + " not found"));
    }

    public RegisteredModel rename(String name, String newName) {
        if (newName == null || newName.isBlank()) throw missing("new_name");
        modelName(newName);
        get(name);
        store.renameRegisteredModel(name, newName, clock.millis());
        return get(newName);
    }

    public RegisteredModel update(String name, String description) {
        get(name);
        store.updateRegisteredModel(name, description == null ? "" : description, clock.millis());
        return get(name);
    }

    public void delete(String name) {
        get(name);
        store.deleteRegisteredModel(name);
    }

    public Page<RegisteredModel> search(String filter, List<String> orderBy, int maxResults, String pageToken) {
        if (maxResults < 1 || maxResults > MAX_MODEL_SEARCH_RESULTS) {
            throw SextantException.invalid("Invalid value for request parameter max_results. It must be at most "
                    + MAX_MODEL_SEARCH_RESULTS + ", but got value " + maxResults);
        }
        if (orderBy != null) Limits.checkOrderByCount(orderBy.size());
        return store.searchRegisteredModels(filter, orderBy, maxResults, pageToken);
    }

    public void setTag(String name, String key, String value) {
        tag(key, value);
        get(name);
        store.setRegisteredModelTag(name, key, value, clock.millis());
    }

    public void deleteTag(String name, String key) {
        get(name);
        store.deleteRegisteredModelTag(name, key);
    }

    /** The newest version in each of {@code stages} (all stages when empty). */
    public List<ModelVersion> latestVersions(String name, List<String> stages) {
        var wanted = stages.stream().map(RegistryService::stage).toList();
        return get(name).latestVersions().stream().filter(v -> wanted.isEmpty() || wanted.contains(v.stage())).toList();
    }

    /**
     * A new version. A {@code models:/<model_id>} source is that logged model's files (its run becomes the version's
     * run when none is given); {@code models:/<name>/<version>} or {@code models:/<name>@<alias>} is another version's.
     */
    public ModelVersion createVersion(String name, String source, String runId, String runLink, String modelId,
                                      String description, Map<String, String> tags) {
        modelName(name);
        if (source == null || source.isEmpty()) throw missing("source");
        tags.forEach(RegistryService::tag);
        get(name);
        String storage = source;
        var modelUri = MODEL_ID_URI.matcher(source);
        if (modelUri.matches()) modelId = modelUri.group(1);
        if (modelUri.matches() || (modelId != null && source.startsWith("models:/m-"))) {
            storage = null;
        } else if (source.startsWith("models:/")) {
            var original = resolve(source.substring("models:/".length()));
            storage = original.storageLocation();
            if (modelId == null) modelId = original.modelId();
            if (runId == null) runId = original.runId();
        }
        if (modelId != null) {
            var model = loggedModels.get(modelId, true);
            if (runId == null) runId = model.sourceRunId();
        }
        int version = store.createModelVersion(new NewModelVersion(name, source, storage, runId, runLink, modelId,
                description, "", tags, clock.millis()));
        return getVersion(name, Integer.toString(version));
    }

    public ModelVersion getVersion(String name, String version) {
        int number = versionNumber(version);
        return store.findModelVersion(name, number).orElseThrow(() -> new SextantException(ErrorCode.RESOURCE_DOES_NOT_EXIST,
                "Model Version (name=" + name + ", version=" + version + ") not found"));
    }

    public ModelVersion updateVersion(String name, String version, String description) {
        store.updateModelVersion(name, versionNumber(version), description == null ? "" : description, clock.millis());
        return getVersion(name, version);
    }

    public ModelVersion transitionStage(String name, String version, String stageName, boolean archiveExisting) {
        var stage = stage(stageName);
        if (archiveExisting && stage != ModelStage.STAGING && stage != ModelStage.PRODUCTION) {
            throw SextantException.invalid("Model version transition cannot archive existing model versions because '"
                    + stageName + "' is not an Active stage. Valid stages are ['Staging', 'Production']");
        }
        store.transitionModelVersionStage(name, versionNumber(version), stage, archiveExisting, clock.millis());
        return getVersion(name, version);
    }

    public void deleteVersion(String name, String version) {
        store.deleteModelVersion(name, versionNumber(version), clock.millis());
    }

    public Page<ModelVersion> searchVersions(String filter, List<String> orderBy, int maxResults, String pageToken) {
        if (maxResults < 1 || maxResults > MAX_VERSION_SEARCH_RESULTS) {
            throw SextantException.invalid("Invalid value for request parameter max_results. It must be at most "
                    + MAX_VERSION_SEARCH_RESULTS + ", but got value " + maxResults);
        }
        if (orderBy != null) Limits.checkOrderByCount(orderBy.size());
        return store.searchModelVersions(filter, orderBy, maxResults, pageToken);
    }

    public void setVersionTag(String name, String version, String key, String value) {
        tag(key, value);
        store.setModelVersionTag(name, versionNumber(version), key, value, clock.millis());
    }

    public void deleteVersionTag(String name, String version, String key) {
        store.deleteModelVersionTag(name, versionNumber(version), key);
    }

    public void setAlias(String name, String alias, String version) {
        alias(alias);
        if (alias.equalsIgnoreCase("latest")) throw SextantException.invalid("'latest' alias name (case insensitive) is reserved.");
        if (VERSION_ALIAS.matcher(alias).matches()) throw SextantException.invalid("Version alias name '" + alias + "' is reserved.");
        get(name);
        store.setRegisteredModelAlias(name, alias, versionNumber(version), clock.millis());
    }

    public void deleteAlias(String name, String alias) {
        alias(alias);
        get(name);
        store.deleteRegisteredModelAlias(name, alias);
    }

    public ModelVersion getByAlias(String name, String alias) {
        alias(alias);
        get(name);
        return store.findModelVersionByAlias(name, alias).orElseThrow(() -> new SextantException(ErrorCode.RESOURCE_DOES_NOT_EXIST,
                "Registered model alias " + alias + " not found."));
    }

    /** Where to download a version's files from. */
    public Download download(String name, String version) {
        var found = getVersion(name, version);
        if (found.storageLocation() != null) return new Download(found, null, found.storageLocation());
        return new Download(found, loggedModels.get(found.modelId(), true), null);
    }

    /** {@code <name>/<version>}, {@code <name>/latest} or {@code <name>@<alias>} of a models:/ URI. */
    private ModelVersion resolve(String reference) {
        int at = reference.lastIndexOf('@');
        if (at > 0) return getByAlias(reference.substring(0, at), reference.substring(at + 1));
        int slash = reference.lastIndexOf('/');
        if (slash <= 0) throw SextantException.invalid("Unable to fetch model from model URI source 'models:/" + reference + "'");
        var name = reference.substring(0, slash);
        var version = reference.substring(slash + 1);
        var stage = ModelStage.parse(version);
        if (version.equalsIgnoreCase("latest") || stage.isPresent()) {
            return latestVersions(name, stage.map(s -> List.of(s.displayName())).orElse(List.of())).stream()
                    .max(java.util.Comparator.comparingInt(ModelVersion::version))
                    .orElseThrow(() -> SextantException.invalid("No versions of model '" + name + "' for 'models:/" + reference + "'"));
        }
        return getVersion(name, version);
    }

    private static void modelName(String name) {
        if (name == null || name.isBlank()) throw missing("name");
        if (name.contains("/") || name.contains(":")) {
            throw SextantException.invalid("Invalid model name '" + name + "'. Names cannot contain '/' or ':'.");
        }
    }

    private static int versionNumber(String version) {
        try {
            return Integer.parseInt(version == null ? "" : version.trim());
        } catch (NumberFormatException e) {
            throw SextantException.invalid("Parameter 'version' must be an integer, got '" + version + "'.");
        }
    }

    private static ModelStage stage(String name) {
        return ModelStage.parse(name).orElseThrow(() -> SextantException.invalid("Invalid Model Version stage: " + name
                + ". Value must be one of None, Staging, Production, Archived."));
    }

    private static void alias(String alias) {
        if (alias == null || alias.isEmpty()) throw SextantException.invalid("Registered model alias name cannot be empty.");
        if (!ALIAS.matcher(alias).matches()) {
            throw SextantException.invalid("Invalid alias name: '" + alias + "'. Names may only contain alphanumerics, "
                    + "underscores (_), and dashes (-).");
        }
    }

    private static void tag(String key, String value) {
        if (key == null || key.isEmpty()) throw missing("key");
        if (key.length() > MAX_TAG_KEY) throw SextantException.invalid("Tag key '" + key.substring(0, 40) + "...' had length "
                + key.length() + ", which exceeded length limit of " + MAX_TAG_KEY);
        if (value != null && value.length() > MAX_TAG_VALUE) throw SextantException.invalid("Tag value for key '" + key
                + "' had length " + value.length() + ", which exceeded length limit of " + MAX_TAG_VALUE);
    }

    private static SextantException missing(String field) {
        return SextantException.invalid("Missing value for required parameter '" + field + "'.");
    }
}
