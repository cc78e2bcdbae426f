package dev.sextant.server.store.sql;

import dev.sextant.server.domain.ModelStage;
import dev.sextant.server.domain.ModelVersion;
import dev.sextant.server.domain.Page;
import dev.sextant.server.domain.RegisteredModel;
import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.search.RegistrySearchSql;
import dev.sextant.server.store.NewModelVersion;
import dev.sextant.server.store.RegistryStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The model registry on SQL: each public method is one transaction through the shared {@link Database}. */
public final class SqlRegistryStore implements RegistryStore {
    private final Database database;

    public SqlRegistryStore(Database database) {
        this.database = database;
    }

    @Override
    public void createRegisteredModel(String name, String description, Map<String, String> tags, long nowMs) {
        database.writeVoid(handle -> {
            long id = RegisteredModelSql.insert(handle, name, description, nowMs);
            RegisteredModelSql.upsertTags(handle, id, tags);
        });
    }

    @Override
    public Optional<RegisteredModel> findRegisteredModel(String name) {
        return database.read(handle -> RegisteredModelSql.find(handle, name)
                .map(row -> RegisteredModelSql.withDetails(handle, List.of(row)).get(0)));
    }

    @Override
    public void renameRegisteredModel(String name, String newName, long nowMs) {
        database.writeVoid(handle -> {
            long id = RegisteredModelSql.requireId(handle, name);
            if (!name.equals(newName) && RegisteredModelSql.findId(handle, newName).isPresent()) {
                throw RegisteredModelSql.alreadyExists(newName);
            }
            RegisteredModelSql.update(handle, id, "name", newName, nowMs);
        });
    }

    @Override
    public void updateRegisteredModel(String name, String description, long nowMs) {
        database.writeVoid(handle -> RegisteredModelSql.update(handle, RegisteredModelSql.requireId(handle, name),
                "description", description, nowMs));
    }

    @Override
    public void deleteRegisteredModel(String name) {
        database.writeVoid(handle -> RegisteredModelSql.delete(handle, RegisteredModelSql.requireId(handle, name)));
    }

    @Override
    public Page<RegisteredModel> searchRegisteredModels(String filter, List<String> orderBy, int maxResults, String pageToken) {
        var where = RegistrySearchSql.registeredModelsWhere(filter);
        var order = RegistrySearchSql.registeredModelsOrderBy(orderBy);
        int offset = RunSearchQuery.decodeOffset(pageToken);
        return database.read(handle -> {
            var rows = RegisteredModelSql.search(handle, where, order, maxResults + 1, offset);
            var models = RegisteredModelSql.withDetails(handle, rows.subList(0, Math.min(rows.size(), maxResults)));
            return new Page<>(models, rows.size() > maxResults ? RunSearchQuery.encodeOffset(offset + maxResults) : null);
        });
    }

    @Override
    public void setRegisteredModelTag(String name, String key, String value, long nowMs) {
        database.writeVoid(handle -> RegisteredModelSql.upsertTags(handle, RegisteredModelSql.requireId(handle, name),
                Map.of(key, value)));
    }

    @Override
    public void deleteRegisteredModelTag(String name, String key) {
        database.writeVoid(handle -> RegisteredModelSql.deleteTag(handle, RegisteredModelSql.requireId(handle, name), key));
    }

    @Override
    public int createModelVersion(NewModelVersion version) {
        return database.write(handle -> {
            long id = RegisteredModelSql.requireId(handle, version.name());
            int number = ModelVersionSql.insert(handle, id, version);
            RegisteredModelSql.touch(handle, id, version.nowMs());
            return number;
        });
    }

    @Override
    public Optional<ModelVersion> findModelVersion(String name, int version) {
        return database.read(handle -> RegisteredModelSql.findId(handle, name)
                .flatMap(id -> ModelVersionSql.find(handle, id, version)));
    }

    @Override
    public void updateModelVersion(String name, int version, String description, long nowMs) {
        database.writeVoid(handle -> {
            long id = requireVersion(handle, name, version);
            ModelVersionSql.update(handle, id, version, "description", description, nowMs);
        });
    }

    @Override
    public void transitionModelVersionStage(String name, int version, ModelStage stage, boolean archiveExisting, long nowMs) {
        database.writeVoid(handle -> {
            long id = requireVersion(handle, name, version);
            if (archiveExisting) ModelVersionSql.archiveOthers(handle, id, version, stage, nowMs);
            ModelVersionSql.update(handle, id, version, "stage", stage.name(), nowMs);
            RegisteredModelSql.touch(handle, id, nowMs);
        });
    }

    @Override
    public void deleteModelVersion(String name, int version, long nowMs) {
        database.writeVoid(handle -> {
            long id = requireVersion(handle, name, version);
            ModelVersionSql.markDeleted(handle, id, version, nowMs);
            RegisteredModelSql.touch(handle, id, nowMs);
        });
    }

    @Override
    public Page<ModelVersion> searchModelVersions(String filter, List<String> orderBy, int maxResults, String pageToken) {
        var where = RegistrySearchSql.modelVersionsWhere(filter);
        var order = RegistrySearchSql.modelVersionsOrderBy(orderBy);
        int offset = RunSearchQuery.decodeOffset(pageToken);
        return database.read(handle -> {
            var versions = ModelVersionSql.search(handle, where, order, maxResults + 1, offset);
            return new Page<>(versions.subList(0, Math.min(versions.size(), maxResults)),
                    versions.size() > maxResults ? RunSearchQuery.encodeOffset(offset + maxResults) : null);
        });
    }

    @Override
    public void setModelVersionTag(String name, int version, String key, String value, long nowMs) {
        database.writeVoid(handle -> ModelVersionSql.upsertTags(handle, requireVersion(handle, name, version), version,
                Map.of(key, value)));
    }

    @Override
    public void deleteModelVersionTag(String name, int version, String key) {
        database.writeVoid(handle -> ModelVersionSql.deleteTag(handle, requireVersion(handle, name, version), version, key));
    }

    @Override
    public void setRegisteredModelAlias(String name, String alias, int version, long nowMs) {
        database.writeVoid(handle -> {
            long id = requireVersion(handle, name, version);
            RegisteredModelSql.setAlias(handle, id, alias, version);
            RegisteredModelSql.touch(handle, id, nowMs);
        });
    }

    @Override
    public void deleteRegisteredModelAlias(String name, String alias) {
        database.writeVoid(handle -> RegisteredModelSql.deleteAlias(handle, RegisteredModelSql.requireId(handle, name), alias));
    }

    @Override
    public Optional<ModelVersion> findModelVersionByAlias(String name, String alias) {
        return database.read(handle -> {
            long id = RegisteredModelSql.requireId(handle, name);
            var version = RegisteredModelSql.aliasVersion(handle, id, alias).orElseThrow(() ->
                    new SextantException(ErrorCode.RESOURCE_DOES_NOT_EXIST, "Registered model alias " + alias + " not found."));
            return ModelVersionSql.find(handle, id, version);
        });
    }

    /** The registered model's id, after checking that the live version exists. */
    private static long requireVersion(org.jdbi.v3.core.Handle handle, String name, int version) {
        long id = RegisteredModelSql.findId(handle, name).orElseThrow(() -> ModelVersionSql.notFound(name, version));
        ModelVersionSql.require(handle, id, name, version);
        return id;
    }
}
