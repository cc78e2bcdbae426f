package dev.sextant.server.store.sql;

import dev.sextant.server.domain.ModelMetric;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** Metric points logged for logged models (MLflow 3's model_id on a metric); a NaN value is stored as NULL. */
final class ModelMetricSql {
    private ModelMetricSql() {}

    /** A point already stored (a retry) is skipped. */
    static void insert(Handle handle, List<ModelMetric> metrics) {
        if (metrics.isEmpty()) return;
        var batch = handle.prepareBatch("""
                INSERT INTO logged_model_metrics (model_id, key, step, timestamp_ms, run_id, dataset_name, dataset_digest, value)
                VALUES (:modelId, :key, :step, :timestamp, :runId, :datasetName, :datasetDigest, :value)
                ON CONFLICT DO NOTHING""");
        for (var metric : metrics) {
            batch.bind("modelId", metric.modelId()).bind("key", metric.key()).bind("step", metric.step())
                    .bind("timestamp", metric.timestampMs()).bind("runId", metric.runId())
                    .bind("datasetName", metric.datasetName() == null ? "" : metric.datasetName())
                    .bind("datasetDigest", metric.datasetDigest() == null ? "" : metric.datasetDigest())
                    .bind("value", Double.isNaN(metric.value()) ? null : metric.value())
                    .add();
        }
        batch.execute();
    }

    /** Each model's points, by key, then step and time. */
    static Map<String, List<ModelMetric>> forModels(Handle handle, Collection<String> modelIds) {
        var byModel = new HashMap<String, List<ModelMetric>>();
        if (modelIds.isEmpty()) return byModel;
        handle.createQuery("""
                        SELECT model_id, key, step, timestamp_ms, run_id, dataset_name, dataset_digest, value
                        FROM logged_model_metrics WHERE model_id IN (<ids>) ORDER BY model_id, key, step, timestamp_ms""")
                .bindList("ids", List.copyOf(modelIds))
                .map((rs, ctx) -> {
                    double value = rs.getDouble("value");
                    if (rs.wasNull()) value = Double.NaN;
                    return new ModelMetric(rs.getString("model_id"), rs.getString("key"), value, rs.getLong("timestamp_ms"),
                            rs.getLong("step"), rs.getString("run_id"), emptyToNull(rs.getString("dataset_name")),
                            emptyToNull(rs.getString("dataset_digest")));
                })
                .forEach(metric -> byModel.computeIfAbsent(metric.modelId(), k -> new ArrayList<>()).add(metric));
        return byModel;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
