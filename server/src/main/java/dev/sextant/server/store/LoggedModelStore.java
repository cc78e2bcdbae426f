package dev.sextant.server.store;

import dev.sextant.server.domain.ArtifactFile;
import dev.sextant.server.domain.ArtifactListing;
import dev.sextant.server.domain.LifecycleStage;
import dev.sextant.server.domain.LoggedModel;
import dev.sextant.server.domain.LoggedModelStatus;
import dev.sextant.server.domain.Page;
import dev.sextant.server.domain.RunModelLink;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MLflow 3's logged models, their links to runs and the index of their files. Every method is one transaction,
 * safe to call from many threads. Writes need an active (not deleted) model; metric points for models are
 * written with the run's points, by {@link TrackingStore#logBatch}.
 */
public interface LoggedModelStore {

    /** Creates a model in an active experiment; a source run, when given, must exist. */
    void createLoggedModel(NewLoggedModel model);

    /** The model, deleted ones included (check lifecycleStage). */
    Optional<LoggedModel> findLoggedModel(String modelId);

    void setLoggedModelStatus(String modelId, LoggedModelStatus status, long nowMs);

    void setLoggedModelLifecycle(String modelId, LifecycleStage stage, long nowMs);

    void setLoggedModelTags(String modelId, Map<String, String> tags, long nowMs);

    /** Fails with RESOURCE_DOES_NOT_EXIST when the model has no such tag. */
    void deleteLoggedModelTag(String modelId, String key, long nowMs);

    /** Params of a model never change: the same value again is a no-op, a different one is refused. */
    void logLoggedModelParams(String modelId, Map<String, String> params, long nowMs);

    /** Active models of the experiments matching the query, one page. */
    Page<LoggedModel> searchLoggedModels(LoggedModelQuery query);

    /** Links models to an active run; a link the run already has is kept as it is. */
    void linkRunModels(String runId, List<RunModelLink> links);

    /** Records (or replaces) the index row of a file just stored; the model must be active. */
    void recordModelArtifact(String modelId, ArtifactFile file);

    Optional<ArtifactFile> findModelArtifact(String modelId, String path);

    /** The files directly in {@code folder} ("" = the top) and its immediate sub-folders, from the index. */
    ArtifactListing listModelArtifacts(String modelId, String folder);
}
