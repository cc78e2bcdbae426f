package dev.sextant.server.store.sql;

import dev.sextant.server.domain.ArtifactFile;
import dev.sextant.server.domain.ArtifactListing;
import dev.sextant.server.domain.LifecycleStage;
import dev.sextant.server.domain.LoggedModel;
import dev.sextant.server.domain.LoggedModelStatus;
import dev.sextant.server.domain.Page;
import dev.sextant.server.domain.RunModelLink;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.search.LoggedModelSearchSql;
import dev.sextant.server.store.LoggedModelQuery;
import dev.sextant.server.store.LoggedModelStore;
import dev.sextant.server.store.NewLoggedModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Logged models on SQL: each public method is one transaction through the shared {@link Database}. */
public final class SqlLoggedModelStore implements LoggedModelStore {
    private final Database database;

    public SqlLoggedModelStore(Database database) {
        this.database = database;
    }

    @Override
    public void createLoggedModel(NewLoggedModel model) {
        long experimentId = Long.parseLong(model.experimentId());
        database.writeVoid(handle -> {
            ExperimentSql.requireActive(handle, experimentId, database.dialect().shareLock());
            if (model.sourceRunId() != null && !RunSql.exists(handle, model.sourceRunId())) {
                throw SextantException.notFound("run", model.sourceRunId());
            }
            LoggedModelSql.insert(handle, model);
        });
    }

    @Override
    public Optional<LoggedModel> findLoggedModel(String modelId) {
        return database.read(handle -> LoggedModelSql.find(handle, modelId)
                .map(row -> LoggedModelSql.withDetails(handle, List.of(row)).get(0)));
    }

    @Override
    public void setLoggedModelStatus(String modelId, LoggedModelStatus status, long nowMs) {
        database.writeVoid(handle -> {
            LoggedModelSql.requireActive(handle, modelId);
            LoggedModelSql.update(handle, modelId, "status", status.name(), nowMs);
        });
    }

    @Override
    public void setLoggedModelLifecycle(String modelId, LifecycleStage stage, long nowMs) {
        database.writeVoid(handle -> {
            LoggedModelSql.find(handle, modelId).orElseThrow(() -> LoggedModelSql.notFound(modelId));
            LoggedModelSql.update(handle, modelId, "lifecycle_stage", stage.wireName(), nowMs);
        });
    }

    @Override
    public void setLoggedModelTags(String modelId, Map<String, String> tags, long nowMs) {
        database.writeVoid(handle -> {
            LoggedModelSql.requireActive(handle, modelId);
            LoggedModelSql.upsertTags(handle, modelId, tags);
            LoggedModelSql.touch(handle, modelId, nowMs);
        });
    }

    @Override
    public void deleteLoggedModelTag(String modelId, String key, long nowMs) {
        database.writeVoid(handle -> {
            LoggedModelSql.requireActive(handle, modelId);
            if (!LoggedModelSql.deleteTag(handle, modelId, key)) {
                throw new SextantException(dev.sextant.server.error.ErrorCode.RESOURCE_DOES_NOT_EXIST,
                        "No tag with key '" + key + "' found for model with ID '" + modelId + "'.");
            }
            LoggedModelSql.touch(handle, modelId, nowMs);
        });
    }

    @Override
    public void logLoggedModelParams(String modelId, Map<String, String> params, long nowMs) {
        database.writeVoid(handle -> {
            LoggedModelSql.requireActive(handle, modelId);
            LoggedModelSql.insertParams(handle, modelId, params);
            LoggedModelSql.touch(handle, modelId, nowMs);
        });
    }

    @Override
    public Page<LoggedModel> searchLoggedModels(LoggedModelQuery query) {
        for (var id : query.experimentIds()) {
            try {
                Long.parseLong(id);
            } catch (NumberFormatException e) {
                throw SextantException.notFound("experiment", id);
            }
        }
        if (query.experimentIds().isEmpty()) return new Page<>(List.of(), null);
        var where = LoggedModelSearchSql.where(query.filter(), query.datasets());
        var order = LoggedModelSearchSql.orderBy(query.orderBy());
        int offset = RunSearchQuery.decodeOffset(query.pageToken());
        return database.read(handle -> {
            var rows = LoggedModelSql.search(handle, query.experimentIds(), where, order, query.maxResults() + 1, offset);
            var models = LoggedModelSql.withDetails(handle, rows.subList(0, Math.min(rows.size(), query.maxResults())));
            var token = rows.size() > query.maxResults() ? RunSearchQuery.encodeOffset(offset + query.maxResults()) : null;
            return new Page<>(models, token);
        });
    }

    @Override
    public void linkRunModels(String runId, List<RunModelLink> links) {
        database.writeVoid(handle -> {
            RunSql.requireActive(handle, runId);
            for (var link : links) {
                if (LoggedModelSql.find(handle, link.modelId()).isEmpty()) throw LoggedModelSql.notFound(link.modelId());
            }
            RunModelSql.insert(handle, runId, links);
        });
    }

    @Override
    public void recordModelArtifact(String modelId, ArtifactFile file) {
        database.writeVoid(handle -> {
            LoggedModelSql.requireActive(handle, modelId);
            ArtifactSql.LOGGED_MODELS.upsert(handle, modelId, file);
        });
    }

    @Override
    public Optional<ArtifactFile> findModelArtifact(String modelId, String path) {
        return database.read(handle -> ArtifactSql.LOGGED_MODELS.find(handle, modelId, path));
    }

    @Override
    public ArtifactListing listModelArtifacts(String modelId, String folder) {
        var files = database.read(handle -> ArtifactSql.LOGGED_MODELS.listUnder(handle, modelId, folder.isEmpty() ? "" : folder + "/"));
        return ArtifactFolders.listing(folder, files);
    }
}
