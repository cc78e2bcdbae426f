package dev.sextant.server.search;

import dev.sextant.server.store.LoggedModelQuery;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a logged-model search (MLflow 3's filter grammar, its datasets clause and its order_by messages) into SQL
 * over {@code logged_models lm}. Values are always bound. Missing order values sort last in both directions; the
 * order always ends in creation time (newest first) and model id, so offset paging is stable.
 */
public final class LoggedModelSearchSql {
    private LoggedModelSearchSql() {}

    /** The WHERE condition (without "WHERE") for the filter and the datasets; "1=1" when both are empty. */
    public static SqlCondition where(String filter, List<LoggedModelQuery.DatasetRef> datasets) {
        var conditions = new ArrayList<String>();
        var bindings = new ArrayList<Object>();
        if (filter != null && !filter.isBlank()) {
            var condition = FilterSql.where(FilterParser.parse(filter), LoggedModelFields.INSTANCE);
            conditions.add(condition.sql());
            bindings.addAll(condition.bindings());
        }
        if (!datasets.isEmpty()) {
            // MLflow keeps models with a metric measured on one of the datasets.
            var any = new ArrayList<String>();
            for (var dataset : datasets) {
                any.add(datasetCondition("mm", dataset, bindings));
            }
            conditions.add("EXISTS (SELECT 1 FROM logged_model_metrics mm WHERE mm.model_id = lm.model_id AND ("
                    + String.join(" OR ", any) + "))");
        }
        return new SqlCondition(conditions.isEmpty() ? "1=1" : String.join(" AND ", conditions), bindings);
    }

    /** The ORDER BY list (without "ORDER BY"). */
    public static SqlCondition orderBy(List<LoggedModelQuery.Order> orderBy) {
        var terms = new ArrayList<String>();
        var bindings = new ArrayList<Object>();
        boolean creationTime = false;
        boolean modelId = false;
        for (var order : orderBy) {
            var direction = order.ascending() ? " ASC" : " DESC";
            var field = order.field() == null ? "" : order.field();
            if (field.startsWith("metrics.")) {
                // The model's latest point of the metric (by time, then step), optionally on one dataset.
                var latest = new StringBuilder("(SELECT mm.value FROM logged_model_metrics mm WHERE mm.model_id = lm.model_id"
                        + " AND mm.key = ?");
                var own = new ArrayList<Object>();
                own.add(field.substring("metrics.".length()));
                if (order.dataset() != null) latest.append(" AND ").append(datasetCondition("mm", order.dataset(), own));
                latest.append(" ORDER BY mm.timestamp_ms DESC, mm.step DESC LIMIT 1)");
                terms.add("(" + latest + " IS NULL) ASC");
                terms.add(latest + direction);
                bindings.addAll(own);
                bindings.addAll(own);
                continue;
            }
            if (field.contains(".")) throw LoggedModelFields.invalidOrder(field);
            var column = (Field.Column) LoggedModelFields.INSTANCE.orderField(
                    new Identifier("", field, field, 0), "order_by");
            creationTime |= column.equals(LoggedModelFields.CREATION_TIME);
            modelId |= column.equals(LoggedModelFields.MODEL_ID);
            terms.add(column.nullable() ? "(" + column.sql() + " IS NULL) ASC, " + column.sql() + direction
                    : column.sql() + direction);
        }
        if (!creationTime) terms.add("lm.creation_time_ms DESC");
        if (!modelId) terms.add("lm.model_id ASC");
        return new SqlCondition(String.join(", ", terms), bindings);
    }

    private static String datasetCondition(String alias, LoggedModelQuery.DatasetRef dataset, List<Object> bindings) {
        bindings.add(dataset.name());
        if (dataset.digest() == null) return alias + ".dataset_name = ?";
        bindings.add(dataset.digest());
        return "(" + alias + ".dataset_name = ? AND " + alias + ".dataset_digest = ?)";
    }
}
