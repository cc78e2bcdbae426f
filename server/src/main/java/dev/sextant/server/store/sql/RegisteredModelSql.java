package dev.sextant.server.store.sql;

import dev.sextant.server.domain.ModelVersion;
import dev.sextant.server.domain.RegisteredModel;
import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.search.SqlCondition;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL of registered_models, their tags and aliases. Errors use MLflow's wording, which scripts match on. */
final class RegisteredModelSql {
    private RegisteredModelSql() {}

    private static final String COLUMNS =
            "rm.registered_model_id, rm.name, rm.description, rm.user_id, rm.creation_time_ms, rm.last_updated_time_ms";

    /** The columns of a registered model; tags, aliases and latest versions are attached by {@link #withDetails}. */
    record ModelRow(long id, String name, String description, String userId, long creationTimeMs, long lastUpdatedTimeMs) {}

    static SextantException notFound(String name) {
        return new SextantException(ErrorCode.RESOURCE_DOES_NOT_EXIST, "Registered Model with name=" + name + " not found");
    }

    static SextantException alreadyExists(String name) {
        return SextantException.alreadyExists("Registered Model (name=" + name + ") already exists.");
    }

    static long insert(Handle handle, String name, String description, long nowMs) {
        if (findId(handle, name).isPresent()) throw alreadyExists(name);
        return handle.createUpdate("""
                        INSERT INTO registered_models (name, description, creation_time_ms, last_updated_time_ms)
                        VALUES (:name, :description, :now, :now)""")
                .bind("name", name).bind("description", description).bind("now", nowMs)
                .executeAndReturnGeneratedKeys("registered_model_id").mapTo(Long.class).one();
    }

    static Optional<Long> findId(Handle handle, String name) {
        return handle.createQuery("SELECT registered_model_id FROM registered_models WHERE name = :name")
                .bind("name", name).mapTo(Long.class).findOne();
    }

    static long requireId(Handle handle, String name) {
        return findId(handle, name).orElseThrow(() -> notFound(name));
    }

    static Optional<ModelRow> find(Handle handle, String name) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM registered_models rm WHERE rm.name = :name")
                .bind("name", name).map((rs, ctx) -> new ModelRow(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getLong(5), rs.getLong(6))).findOne();
    }

    static void touch(Handle handle, long id, long nowMs) {
        handle.createUpdate("UPDATE registered_models SET last_updated_time_ms = :now WHERE registered_model_id = :id")
                .bind("now", nowMs).bind("id", id).execute();
    }

    static void update(Handle handle, long id, String column, String value, long nowMs) {
        handle.createUpdate("UPDATE registered_models SET " + column + " = :value, last_updated_time_ms = :now"
                        + " WHERE registered_model_id = :id")
                .bind("value", value).bind("now", nowMs).bind("id", id).execute();
    }

    static void delete(Handle handle, long id) {
        for (var table : List.of("registered_model_aliases", "model_version_tags", "model_versions", "registered_model_tags",
                "registered_models")) {
            handle.createUpdate("DELETE FROM " + table + " WHERE registered_model_id = :id").bind("id", id).execute();
        }
    }

    static void upsertTags(Handle handle, long id, Map<String, String> tags) {
        if (tags.isEmpty()) return;
        var batch = handle.prepareBatch("""
                INSERT INTO registered_model_tags (registered_model_id, key, value) VALUES (:id, :key, :value)
                ON CONFLICT (registered_model_id, key) DO UPDATE SET value = excluded.value""");
        tags.forEach((key, value) -> batch.bind("id", id).bind("key", key).bind("value", value).add());
        batch.execute();
    }

    static void deleteTag(Handle handle, long id, String key) {
        handle.createUpdate("DELETE FROM registered_model_tags WHERE registered_model_id = :id AND key = :key")
                .bind("id", id).bind("key", key).execute();
    }

    static void setAlias(Handle handle, long id, String alias, int version) {
        handle.createUpdate("""
                        INSERT INTO registered_model_aliases (registered_model_id, alias, version) VALUES (:id, :alias, :version)
                        ON CONFLICT (registered_model_id, alias) DO UPDATE SET version = excluded.version""")
                .bind("id", id).bind("alias", alias).bind("version", version).execute();
    }

    static void deleteAlias(Handle handle, long id, String alias) {
        handle.createUpdate("DELETE FROM registered_model_aliases WHERE registered_model_id = :id AND alias = :alias")
                .bind("id", id).bind("alias", alias).execute();
    }

    static Optional<Integer> aliasVersion(Handle handle, long id, String alias) {
        return handle.createQuery("SELECT version FROM registered_model_aliases WHERE registered_model_id = :id AND alias = :alias")
                .bind("id", id).bind("alias", alias).mapTo(Integer.class).findOne();
    }

    /** Each model's aliases (alias → version), for a page of models in one query. */
    static Map<Long, Map<String, Integer>> aliases(Handle handle, Collection<Long> ids) {
        var byModel = new HashMap<Long, Map<String, Integer>>();
        if (ids.isEmpty()) return byModel;
        handle.createQuery("SELECT registered_model_id, alias, version FROM registered_model_aliases WHERE registered_model_id IN (<ids>)")
                .bindList("ids", List.copyOf(ids))
                .map((rs, ctx) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getInt(3)})
                .forEach(row -> byModel.computeIfAbsent((Long) row[0], k -> new HashMap<>()).put((String) row[1], (Integer) row[2]));
        return byModel;
    }

    /** One page of models matching the conditions over {@code registered_models rm}. */
    static List<ModelRow> search(Handle handle, SqlCondition where, SqlCondition order, int limit, int offset) {
        var statement = handle.createQuery("SELECT " + COLUMNS + " FROM registered_models rm WHERE " + where.sql()
                + " ORDER BY " + order.sql() + " LIMIT ? OFFSET ?");
        int position = 0;
        for (var value : where.bindings()) statement.bind(position++, value);
        for (var value : order.bindings()) statement.bind(position++, value);
        statement.bind(position++, limit);
        statement.bind(position, offset);
        return statement.map((rs, ctx) -> new ModelRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getLong(5), rs.getLong(6))).list();
    }

    /** The rows with tags, aliases and the newest version of each stage, in a fixed number of queries. */
    static List<RegisteredModel> withDetails(Handle handle, List<ModelRow> rows) {
        var ids = rows.stream().map(ModelRow::id).toList();
        var tags = new HashMap<Long, Map<String, String>>();
        if (!ids.isEmpty()) {
            handle.createQuery("SELECT registered_model_id, key, value FROM registered_model_tags WHERE registered_model_id IN (<ids>)")
                    .bindList("ids", ids)
                    .map((rs, ctx) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3)})
                    .forEach(row -> tags.computeIfAbsent((Long) row[0], k -> new HashMap<>()).put((String) row[1], (String) row[2]));
        }
        var aliases = aliases(handle, ids);
        Map<Long, List<ModelVersion>> latest = ModelVersionSql.latestPerStage(handle, ids);
        return rows.stream().map(row -> new RegisteredModel(row.name(), row.description(), row.userId(), row.creationTimeMs(),
                row.lastUpdatedTimeMs(), tags.getOrDefault(row.id(), Map.of()), aliases.getOrDefault(row.id(), Map.of()),
                latest.getOrDefault(row.id(), List.of()))).toList();
    }
}
