package dev.sextant.server.search;

import dev.sextant.server.search.OrderBySql.Sort;
import java.util.List;

/**
 * Turns an experiment filter and order_by clauses (MLflow's search language, experiments flavour) into
 * SQL over {@code experiments e}. Values are always bound, never concatenated.
 */
public final class ExperimentSearchSql {
    /** MLflow's default order when order_by is empty. */
    private static final List<Sort> DEFAULTS =
            List.of(new Sort(ExperimentFields.CREATION_TIME, false), new Sort(ExperimentFields.EXPERIMENT_ID, true));
    /** MLflow's tie-breaker when experiment_id is not ordered on. */
    private static final List<Sort> TIE_BREAKERS = List.of(new Sort(ExperimentFields.EXPERIMENT_ID, false));

    private ExperimentSearchSql() {}

    /** The WHERE condition (without "WHERE") for the filter; "1=1" when it is blank. */
    public static SqlCondition where(String filter) {
        if (filter == null || filter.isBlank()) return new SqlCondition("1=1", List.of());
        return FilterSql.where(FilterParser.parse(filter), ExperimentFields.INSTANCE);
    }

    /** The ORDER BY list (without "ORDER BY"), always ending in a total order so paging is stable. */
    public static SqlCondition orderBy(List<String> orderBy) {
        var elements = orderBy == null ? List.<String>of() : orderBy;
        return OrderBySql.render(elements, ExperimentFields.INSTANCE, DEFAULTS, TIE_BREAKERS);
    }
}
