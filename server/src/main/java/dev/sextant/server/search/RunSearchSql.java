package dev.sextant.server.search;

import dev.sextant.server.error.SextantException;
import java.util.List;

/**
 * Turns a run filter and order_by clauses (MLflow's search language) into SQL over {@code runs r}.
 * Values are always bound, never concatenated. Thread-safe: every call works on its own objects.
 */
public final class RunSearchSql {
    private RunSearchSql() {}

    /** The WHERE condition (without "WHERE") for the filter; "1=1" when it is blank. */
    public static SqlCondition where(String filter) {
        if (filter == null || filter.isBlank()) return new SqlCondition("1=1", List.of());
        return FilterSql.where(FilterParser.parse(filter), RunFields.INSTANCE);
    }

    /** The ORDER BY list (without "ORDER BY"), always ending in a total order so paging is stable. */
    public static SqlCondition orderBy(List<String> orderBy) {
        if (orderBy.isEmpty()) return new SqlCondition("r.start_time_ms DESC, r.run_id ASC", List.of());
        throw SextantException.invalid("order_by is not supported yet: " + orderBy);
    }
}
