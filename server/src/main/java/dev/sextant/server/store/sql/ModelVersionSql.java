package dev.sextant.server.store.sql;

import dev.sextant.server.domain.ModelStage;
import dev.sextant.server.domain.ModelVersion;
import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.search.SqlCondition;
import dev.sextant.server.store.NewModelVersion;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL of model_versions and their tags; deleted versions stay as rows (so numbers are not reused) but are never read. */
final class ModelVersionSql {
    private ModelVersionSql() {}

    private static final String COLUMNS = """
            mv.registered_model_id, rm.name, mv.version, mv.description, mv.user_id, mv.stage, mv.source,
            mv.storage_location, mv.run_id, mv.run_link, mv.model_id, mv.creation_time_ms, mv.last_updated_time_ms""";
    private static final String FROM = " FROM model_versions mv JOIN registered_models rm ON rm.registered_model_id = mv.registered_model_id";

    /** A version's columns; tags and aliases are attached by {@link #withDetails}. */
    private record VersionRow(long modelId, String name, int version, String description, String userId, ModelStage stage,
                              String source, String storageLocation, String runId, String runLink, String loggedModelId,
                              long creationTimeMs, long lastUpdatedTimeMs) {}

    static SextantException notFound(String name, Object version) {
        return new SextantException(ErrorCode.RESOURCE_DOES_NOT_EXIST,
                "Model Version (name=" + name + ", version=" + version + ") not found");
    }

    /** The next number: one more than any version the model ever had, deleted ones included. */
    static int insert(Handle handle, long registeredModelId, NewModelVersion version) {
        int next = handle.createQuery("SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE registered_model_id = :id")
                .bind("id", registeredModelId).mapTo(Integer.class).one();
        handle.createUpdate("""
                        INSERT INTO model_versions (registered_model_id, version, description, user_id, source, storage_location,
                                                    run_id, run_link, model_id, creation_time_ms, last_updated_time_ms)
                        VALUES (:id, :version, :description, :userId, :source, :storage, :runId, :runLink, :modelId, :now, :now)""")
                .bind("id", registeredModelId).bind("version", next)
                .bind("description", version.description() == null ? "" : version.description())
                .bind("userId", version.userId() == null ? "" : version.userId())
                .bind("source", version.source()).bind("storage", version.storageLocation())
                .bind("runId", version.runId()).bind("runLink", version.runLink() == null ? "" : version.runLink())
                .bind("modelId", version.modelId()).bind("now", version.nowMs())
                .execute();
        upsertTags(handle, registeredModelId, next, version.tags());
        return next;
    }

    static void require(Handle handle, long registeredModelId, String name, int version) {
        handle.createQuery("SELECT 1 FROM model_versions WHERE registered_model_id = :id AND version = :version AND NOT deleted")
                .bind("id", registeredModelId).bind("version", version).mapTo(Integer.class).findOne()
                .orElseThrow(() -> notFound(name, version));
    }

    static Optional<ModelVersion> find(Handle handle, long registeredModelId, int version) {
        var rows = select(handle, " WHERE mv.registered_model_id = ? AND mv.version = ? AND NOT mv.deleted",
                List.of(registeredModelId, version));
        return withDetails(handle, rows).stream().findFirst();
    }

    static void update(Handle handle, long registeredModelId, int version, String column, Object value, long nowMs) {
        handle.createUpdate("UPDATE model_versions SET " + column + " = :value, last_updated_time_ms = :now"
                        + " WHERE registered_model_id = :id AND version = :version")
                .bind("value", value).bind("now", nowMs).bind("id", registeredModelId).bind("version", version).execute();
    }

    /** Every other live version in {@code stage} moves to Archived. */
    static void archiveOthers(Handle handle, long registeredModelId, int version, ModelStage stage, long nowMs) {
        handle.createUpdate("""
                        UPDATE model_versions SET stage = :archived, last_updated_time_ms = :now
                        WHERE registered_model_id = :id AND version <> :version AND stage = :stage AND NOT deleted""")
                .bind("archived", ModelStage.ARCHIVED.name()).bind("now", nowMs).bind("id", registeredModelId)
                .bind("version", version).bind("stage", stage.name()).execute();
    }

    static void markDeleted(Handle handle, long registeredModelId, int version, long nowMs) {
        handle.createUpdate("DELETE FROM registered_model_aliases WHERE registered_model_id = :id AND version = :version")
                .bind("id", registeredModelId).bind("version", version).execute();
        handle.createUpdate("DELETE FROM model_version_tags WHERE registered_model_id = :id AND version = :version")
                .bind("id", registeredModelId).bind("version", version).execute();
        handle.createUpdate("UPDATE model_versions SET deleted = :deleted, last_updated_time_ms = :now"
                        + " WHERE registered_model_id = :id AND version = :version")
                .bind("deleted", true).bind("now", nowMs).bind("id", registeredModelId).bind("version", version).execute();
    }

    static void upsertTags(Handle handle, long registeredModelId, int version, Map<String, String> tags) {
        if (tags.isEmpty()) return;
        var batch = handle.prepareBatch("""
                INSERT INTO model_version_tags (registered_model_id, version, key, value) VALUES (:id, :version, :key, :value)
                ON CONFLICT (registered_model_id, version, key) DO UPDATE SET value = excluded.value""");
        tags.forEach((key, value) -> batch.bind("id", registeredModelId).bind("version", version).bind("key", key)
                .bind("value", value).add());
        batch.execute();
    }

    static void deleteTag(Handle handle, long registeredModelId, int version, String key) {
        handle.createUpdate("DELETE FROM model_version_tags WHERE registered_model_id = :id AND version = :version AND key = :key")
                .bind("id", registeredModelId).bind("version", version).bind("key", key).execute();
    }

    /** One page of live versions matching the conditions over {@code model_versions mv} joined to {@code registered_models rm}. */
    static List<ModelVersion> search(Handle handle, SqlCondition where, SqlCondition order, int limit, int offset) {
        var bindings = new ArrayList<Object>(where.bindings());
        bindings.addAll(order.bindings());
        bindings.add(limit);
        bindings.add(offset);
        var rows = select(handle, " WHERE NOT mv.deleted AND (" + where.sql() + ") ORDER BY " + order.sql() + " LIMIT ? OFFSET ?",
                bindings);
        return withDetails(handle, rows);
    }

    /** For each model, its newest live version in each stage that has one, ordered by stage. */
    static Map<Long, List<ModelVersion>> latestPerStage(Handle handle, Collection<Long> registeredModelIds) {
        var byModel = new HashMap<Long, List<ModelVersion>>();
        if (registeredModelIds.isEmpty()) return byModel;
        var placeholders = String.join(", ", registeredModelIds.stream().map(id -> "?").toList());
        var rows = select(handle, " WHERE NOT mv.deleted AND mv.registered_model_id IN (" + placeholders + ") AND mv.version ="
                + " (SELECT MAX(o.version) FROM model_versions o WHERE o.registered_model_id = mv.registered_model_id"
                + " AND o.stage = mv.stage AND NOT o.deleted)", List.copyOf(registeredModelIds));
        for (var version : withDetails(handle, rows)) {
            var id = rows.stream().filter(row -> row.name().equals(version.name())).findFirst().orElseThrow().modelId();
            byModel.computeIfAbsent(id, k -> new ArrayList<>()).add(version);
        }
        byModel.values().forEach(list -> list.sort(Comparator.comparing(ModelVersion::stage)));
        return byModel;
    }

    private static List<VersionRow> select(Handle handle, String whereAndOrder, List<?> bindings) {
        var statement = handle.createQuery("SELECT " + COLUMNS + FROM + whereAndOrder);
        for (int i = 0; i < bindings.size(); i++) statement.bind(i, bindings.get(i));
        return statement.map((rs, ctx) -> map(rs)).list();
    }

    private static List<ModelVersion> withDetails(Handle handle, List<VersionRow> rows) {
        if (rows.isEmpty()) return List.of();
        var modelIds = rows.stream().map(VersionRow::modelId).distinct().toList();
        var tags = new HashMap<String, Map<String, String>>();
        handle.createQuery("SELECT registered_model_id, version, key, value FROM model_version_tags WHERE registered_model_id IN (<ids>)")
                .bindList("ids", modelIds)
                .map((rs, ctx) -> new String[] {rs.getLong(1) + "/" + rs.getInt(2), rs.getString(3), rs.getString(4)})
                .forEach(row -> tags.computeIfAbsent(row[0], k -> new HashMap<>()).put(row[1], row[2]));
        var aliases = RegisteredModelSql.aliases(handle, modelIds);
        return rows.stream().map(row -> {
            var versionAliases = aliases.getOrDefault(row.modelId(), Map.of()).entrySet().stream()
                    .filter(alias -> alias.getValue() == row.version()).map(Map.Entry::getKey).sorted().toList();
            return new ModelVersion(row.name(), row.version(), row.description(), row.userId(), row.stage(), row.source(),
                    row.storageLocation(), row.runId(), row.runLink(), row.loggedModelId(), row.creationTimeMs(),
                    row.lastUpdatedTimeMs(), tags.getOrDefault(row.modelId() + "/" + row.version(), Map.of()), versionAliases);
        }).toList();
    }

    private static VersionRow map(ResultSet rs) throws SQLException {
        return new VersionRow(rs.getLong("registered_model_id"), rs.getString("name"), rs.getInt("version"),
                rs.getString("description"), rs.getString("user_id"), ModelStage.valueOf(rs.getString("stage")),
                rs.getString("source"), rs.getString("storage_location"), rs.getString("run_id"), rs.getString("run_link"),
                rs.getString("model_id"), rs.getLong("creation_time_ms"), rs.getLong("last_updated_time_ms"));
    }
}
