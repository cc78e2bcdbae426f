package dev.sextant.server.search;

import dev.sextant.server.search.OrderBySql.Sort;
import java.util.List;

/**
 * Turns registry searches (MLflow's grammar for registered models and model versions) into SQL over
 * {@code registered_models rm} and {@code model_versions mv}. Values are always bound, never concatenated.
 */
public final class RegistrySearchSql {
    private RegistrySearchSql() {}

    public static SqlCondition registeredModelsWhere(String filter) {
        if (filter == null || filter.isBlank()) return new SqlCondition("1=1", List.of());
        return FilterSql.where(FilterParser.parse(filter), RegisteredModelFields.INSTANCE);
    }

    /** MLflow orders by name when nothing else decides. */
    public static SqlCondition registeredModelsOrderBy(List<String> orderBy) {
        var byName = List.of(new Sort(RegisteredModelFields.NAME, true));
        return OrderBySql.render(orderBy == null ? List.of() : orderBy, RegisteredModelFields.INSTANCE, byName, byName);
    }

    public static SqlCondition modelVersionsWhere(String filter) {
        if (filter == null || filter.isBlank()) return new SqlCondition("1=1", List.of());
        return FilterSql.where(FilterParser.parse(filter), ModelVersionFields.INSTANCE);
    }

    /** MLflow's tie-breakers: name ascending, then the newest version first. */
    public static SqlCondition modelVersionsOrderBy(List<String> orderBy) {
        var defaults = List.of(new Sort(ModelVersionFields.NAME, true), new Sort(ModelVersionFields.VERSION, false));
        return OrderBySql.render(orderBy == null ? List.of() : orderBy, ModelVersionFields.INSTANCE, defaults, defaults);
    }
}
