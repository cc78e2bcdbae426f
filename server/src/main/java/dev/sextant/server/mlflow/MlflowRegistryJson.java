package dev.sextant.server.mlflow;

import dev.sextant.server.domain.ModelVersion;
import dev.sextant.server.domain.RegisteredModel;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** The model registry's shapes (snake_case proto field names of model_registry.proto) and their mapping. */
final class MlflowRegistryJson {
    private MlflowRegistryJson() {}

    record RegisteredModelJson(String name, long creationTimestamp, long lastUpdatedTimestamp, String userId,
                               String description, List<ModelVersionJson> latestVersions, List<MlflowJson.KeyValue> tags,
                               List<AliasJson> aliases) {}

    record AliasJson(String alias, String version) {}

    record ModelVersionJson(String name, String version, long creationTimestamp, long lastUpdatedTimestamp, String userId,
                            String currentStage, String description, String source, String runId, String status,
                            List<MlflowJson.KeyValue> tags, String runLink, List<String> aliases, String modelId) {}

    static RegisteredModelJson model(RegisteredModel model) {
        var aliases = new ArrayList<AliasJson>();
        new TreeMap<>(model.aliases()).forEach((alias, version) -> aliases.add(new AliasJson(alias, Integer.toString(version))));
        return new RegisteredModelJson(model.name(), model.creationTimeMs(), model.lastUpdatedTimeMs(), emptyToNull(model.userId()),
                model.description(), model.latestVersions().stream().map(MlflowRegistryJson::version).toList(),
                MlflowJson.keyValues(model.tags()), aliases);
    }

    /** Every version is READY: Sextant registers synchronously, so clients never wait for a pending version. */
    static ModelVersionJson version(ModelVersion version) {
        return new ModelVersionJson(version.name(), Integer.toString(version.version()), version.creationTimeMs(),
                version.lastUpdatedTimeMs(), emptyToNull(version.userId()), version.stage().displayName(), version.description(),
                version.source(), emptyToNull(version.runId()), "READY", MlflowJson.keyValues(version.tags()),
                emptyToNull(version.runLink()), version.aliases(), version.modelId());
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
