package dev.sextant.server.store.sql;

import dev.sextant.server.domain.LifecycleStage;
import dev.sextant.server.domain.LoggedModel;
import dev.sextant.server.domain.LoggedModelStatus;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.search.SqlCondition;
import dev.sextant.server.store.NewLoggedModel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/** SQL of the logged_models table and its params and tags. */
final class LoggedModelSql {
    private LoggedModelSql() {}

    private static final String COLUMNS = """
            lm.model_id, lm.experiment_id, lm.name, lm.model_type, lm.source_run_id, lm.status, lm.status_message,
            lm.lifecycle_stage, lm.creation_time_ms, lm.last_updated_time_ms""";

    /** The columns of a model; its params, tags and metrics are attached by {@link #withDetails}. */
    record ModelRow(String modelId, long experimentId, String name, String modelType, String sourceRunId,
                    LoggedModelStatus status, String statusMessage, LifecycleStage stage, long creationTimeMs,
                    long lastUpdatedTimeMs) {}

    static void insert(Handle handle, NewLoggedModel model) {
        handle.createUpdate("""
                        INSERT INTO logged_models (model_id, experiment_id, name, model_type, source_run_id, status,
                                                   creation_time_ms, last_updated_time_ms)
                        VALUES (:modelId, :experimentId, :name, :modelType, :sourceRunId, :status, :now, :now)""")
                .bind("modelId", model.modelId())
                .bind("experimentId", Long.parseLong(model.experimentId()))
                .bind("name", model.name())
                .bind("modelType", model.modelType())
                .bind("sourceRunId", model.sourceRunId())
                .bind("status", LoggedModelStatus.PENDING.name())
                .bind("now", model.nowMs())
                .execute();
        upsertTags(handle, model.modelId(), model.tags());
        insertParams(handle, model.modelId(), model.params());
    }

    static Optional<ModelRow> find(Handle handle, String modelId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM logged_models lm WHERE lm.model_id = :modelId")
                .bind("modelId", modelId)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    /** Fails unless the model exists and is not deleted. */
    static void requireActive(Handle handle, String modelId) {
        var row = find(handle, modelId).orElseThrow(() -> notFound(modelId));
        if (row.stage() != LifecycleStage.ACTIVE) throw notFound(modelId);
    }

    /** MLflow's wording, which scripts match on. */
    static SextantException notFound(String modelId) {
        return new SextantException(dev.sextant.server.error.ErrorCode.RESOURCE_DOES_NOT_EXIST,
                "Logged model with ID '" + modelId + "' not found.");
    }

    static void update(Handle handle, String modelId, String column, String value, long nowMs) {
        handle.createUpdate("UPDATE logged_models SET " + column + " = :value, last_updated_time_ms = :now WHERE model_id = :modelId")
                .bind("value", value).bind("now", nowMs).bind("modelId", modelId).execute();
    }

    static void touch(Handle handle, String modelId, long nowMs) {
        handle.createUpdate("UPDATE logged_models SET last_updated_time_ms = :now WHERE model_id = :modelId")
                .bind("now", nowMs).bind("modelId", modelId).execute();
    }

    static void upsertTags(Handle handle, String modelId, Map<String, String> tags) {
        if (tags.isEmpty()) return;
        var batch = handle.prepareBatch("""
                INSERT INTO logged_model_tags (model_id, key, value) VALUES (:modelId, :key, :value)
                ON CONFLICT (model_id, key) DO UPDATE SET value = excluded.value""");
        tags.forEach((key, value) -> batch.bind("modelId", modelId).bind("key", key).bind("value", value).add());
        batch.execute();
    }

    static boolean deleteTag(Handle handle, String modelId, String key) {
        return handle.createUpdate("DELETE FROM logged_model_tags WHERE model_id = :modelId AND key = :key")
                .bind("modelId", modelId).bind("key", key).execute() > 0;
    }

    /** A param never changes: the same value again is a no-op, a different one is refused. */
    static void insertParams(Handle handle, String modelId, Map<String, String> params) {
        if (params.isEmpty()) return;
        var existing = KeyValues.read(handle.createQuery("SELECT key, value FROM logged_model_params WHERE model_id = :modelId")
                .bind("modelId", modelId));
        var batch = handle.prepareBatch("INSERT INTO logged_model_params (model_id, key, value) VALUES (:modelId, :key, :value)");
        int added = 0;
        for (var param : params.entrySet()) {
            var old = existing.get(param.getKey());
            if (old == null) {
                batch.bind("modelId", modelId).bind("key", param.getKey()).bind("value", param.getValue()).add();
                added++;
            } else if (!old.equals(param.getValue())) {
                throw SextantException.invalid("Changing param values is not allowed. Param with key='" + param.getKey()
                        + "' was already logged with value='" + old + "' for model '" + modelId
                        + "'. Attempted logging new value '" + param.getValue() + "'.");
            }
        }
        if (added > 0) batch.execute();
    }

    /** One page of active models of the experiments matching the conditions. */
    static List<ModelRow> search(Handle handle, List<String> experimentIds, SqlCondition where, SqlCondition order,
                                 int limit, int offset) {
        var sql = "SELECT " + COLUMNS + " FROM logged_models lm WHERE lm.lifecycle_stage = 'active' AND lm.experiment_id IN ("
                + experimentIds.stream().map(id -> "?").collect(Collectors.joining(", ")) + ") AND (" + where.sql()
                + ") ORDER BY " + order.sql() + " LIMIT ? OFFSET ?";
        var statement = handle.createQuery(sql);
        int position = 0;
        for (var id : experimentIds) statement.bind(position++, Long.parseLong(id));
        for (var value : where.bindings()) statement.bind(position++, value);
        for (var value : order.bindings()) statement.bind(position++, value);
        statement.bind(position++, limit);
        statement.bind(position, offset);
        return statement.map((rs, ctx) -> map(rs)).list();
    }

    /** The rows with their params, tags and metrics, read in three queries whatever the number of models. */
    static List<LoggedModel> withDetails(Handle handle, List<ModelRow> rows) {
        var ids = rows.stream().map(ModelRow::modelId).toList();
        var params = forModels(handle, "logged_model_params", ids);
        var tags = forModels(handle, "logged_model_tags", ids);
        var metrics = ModelMetricSql.forModels(handle, ids);
        return rows.stream().map(row -> new LoggedModel(row.modelId(), Long.toString(row.experimentId()), row.name(),
                row.modelType(), row.sourceRunId(), row.status(), row.statusMessage(), row.stage(), row.creationTimeMs(),
                row.lastUpdatedTimeMs(), params.getOrDefault(row.modelId(), Map.of()), tags.getOrDefault(row.modelId(), Map.of()),
                metrics.getOrDefault(row.modelId(), List.of()))).toList();
    }

    private static Map<String, Map<String, String>> forModels(Handle handle, String table, Collection<String> modelIds) {
        if (modelIds.isEmpty()) return new HashMap<>();
        return KeyValues.readGrouped(handle.createQuery("SELECT model_id, key, value FROM " + table + " WHERE model_id IN (<ids>)")
                .bindList("ids", List.copyOf(modelIds)));
    }

    private static ModelRow map(ResultSet rs) throws SQLException {
        return new ModelRow(rs.getString("model_id"), rs.getLong("experiment_id"), rs.getString("name"),
                rs.getString("model_type"), rs.getString("source_run_id"), LoggedModelStatus.valueOf(rs.getString("status")),
                rs.getString("status_message"), LifecycleStage.fromWire(rs.getString("lifecycle_stage")),
                rs.getLong("creation_time_ms"), rs.getLong("last_updated_time_ms"));
    }
}
