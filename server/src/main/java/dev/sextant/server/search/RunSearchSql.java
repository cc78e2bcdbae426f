package dev.sextant.server.search;

import dev.sextant.server.search.OrderBySql.Sort;
import java.util.List;

/**
 * Turns a run filter and order_by clauses (MLflow's search language) into SQL over {@code runs r}.
 * Values are always bound, never concatenated. Thread-safe: every call works on its own objects.
 */
public final class RunSearchSql {
    /** Appended unless already ordered on; with no order_by they are the whole order, as in MLflow. */
    private static final List<Sort> TIE_BREAKERS =
            List.of(new Sort(RunFields.START_TIME, false), new Sort(RunFields.RUN_ID, true));

    private RunSearchSql() {}

    /** The WHERE condition (without "WHERE") for the filter; "1=1" when it is blank. */
    public static SqlCondition where(String filter) {
        if (filter == null || filter.isBlank()) return new SqlCondition("1=1", List.of());
        return FilterSql.where(FilterParser.parse(filter), RunFields.INSTANCE);
    }

    /** The ORDER BY list (without "ORDER BY"), always ending in a total order so paging is stable. */
    public static SqlCondition orderBy(List<String> orderBy) {
        var elements = orderBy == null ? List.<String>of() : orderBy;
        return OrderBySql.render(elements, RunFields.INSTANCE, List.of(), TIE_BREAKERS);
    }
}
