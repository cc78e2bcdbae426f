package dev.sextant.server.store;

import dev.sextant.server.domain.ModelStage;
import dev.sextant.server.domain.ModelVersion;
import dev.sextant.server.domain.Page;
import dev.sextant.server.domain.RegisteredModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model registry: registered models, their versions, tags, stages and aliases. Every method is one transaction,
 * safe to call from many threads. Names are unique (RESOURCE_ALREADY_EXISTS otherwise); a missing model or version
 * is RESOURCE_DOES_NOT_EXIST. Deleted versions are never returned, and their numbers are never reused.
 */
public interface RegistryStore {

    void createRegisteredModel(String name, String description, Map<String, String> tags, long nowMs);

    Optional<RegisteredModel> findRegisteredModel(String name);

    void renameRegisteredModel(String name, String newName, long nowMs);

    void updateRegisteredModel(String name, String description, long nowMs);

    /** Deletes the model with all its versions, tags and aliases. */
    void deleteRegisteredModel(String name);

    /** Filter and order_by in MLflow's registered-model grammar; one page. */
    Page<RegisteredModel> searchRegisteredModels(String filter, List<String> orderBy, int maxResults, String pageToken);

    void setRegisteredModelTag(String name, String key, String value, long nowMs);

    void deleteRegisteredModelTag(String name, String key);

    /** Creates the next version of an existing model; returns its number (1, 2, ...). */
    int createModelVersion(NewModelVersion version);

    Optional<ModelVersion> findModelVersion(String name, int version);

    void updateModelVersion(String name, int version, String description, long nowMs);

    /** Moves a version to a stage; with {@code archiveExisting}, other versions in that stage move to Archived. */
    void transitionModelVersionStage(String name, int version, ModelStage stage, boolean archiveExisting, long nowMs);

    /** Marks the version deleted and drops its aliases and tags. */
    void deleteModelVersion(String name, int version, long nowMs);

    /** Filter and order_by in MLflow's model-version grammar; one page. */
    Page<ModelVersion> searchModelVersions(String filter, List<String> orderBy, int maxResults, String pageToken);

    void setModelVersionTag(String name, int version, String key, String value, long nowMs);

    void deleteModelVersionTag(String name, int version, String key);

    /** Points an alias at a version, moving it from any other version. */
    void setRegisteredModelAlias(String name, String alias, int version, long nowMs);

    void deleteRegisteredModelAlias(String name, String alias);

    Optional<ModelVersion> findModelVersionByAlias(String name, String alias);
}
