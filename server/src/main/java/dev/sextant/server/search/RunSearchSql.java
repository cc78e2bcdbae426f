package dev.sextant.server.search;

import dev.sextant.server.search.OrderBySql.Sort;
import java.util.ArrayList;
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

    /**
     * The top-level terms of the filter that an index can answer, in the filter's order: a metric compared with a
     * number by =, <, <=, > or >= (NaN, stored as NULL, matches none of them), and a param equal to a string of at
     * most {@link ParamEquals#INDEXED_LENGTH} characters. Call after {@link #where}, which checks the filter.
     */
    public static List<IndexTerm> indexTerms(String filter) {
        if (filter == null || filter.isBlank()) return List.of();
        var terms = new ArrayList<IndexTerm>();
        for (var term : topLevel(FilterParser.parse(filter))) {
            var indexed = indexTerm(term);
            if (indexed != null) terms.add(indexed);
        }
        return terms;
    }

    /**
     * The WHERE condition for the runs that already satisfy {@code implied} (index terms of this filter, from
     * {@link #indexTerms}): the filter without its top-level terms that are one of them. Each index term is tested
     * by the same predicate on the same row as its range reads (a param's value, a series' last value), so a run
     * read from those ranges needs no second test of it. "1=1" when nothing is left.
     */
    public static SqlCondition whereImplying(String filter, List<IndexTerm> implied) {
        if (filter == null || filter.isBlank()) return new SqlCondition("1=1", List.of());
        var parsed = FilterParser.parse(filter);
        var kept = new ArrayList<Filter>();
        for (var term : topLevel(parsed)) {
            var indexed = indexTerm(term);
            if (indexed == null || !implied.contains(indexed)) kept.add(term);
        }
        if (kept.isEmpty()) return new SqlCondition("1=1", List.of());
        return FilterSql.where(kept.size() == 1 ? kept.get(0) : new Filter.And(kept), RunFields.INSTANCE);
    }

    private static List<Filter> topLevel(Filter parsed) {
        return parsed instanceof Filter.And and ? and.terms() : List.of(parsed);
    }

    /** The index term this top-level term is, or null. */
    private static IndexTerm indexTerm(Filter term) {
        if (!(term instanceof Filter.Compare compare)
                || !(RunFields.INSTANCE.filterField(compare.identifier(), "filter") instanceof Field.Keyed keyed)) return null;
        var op = compare.op();
        if (RunFields.isMetric(keyed) && compare.value() instanceof Value.Number number
                && (op == Op.EQ || op == Op.LT || op == Op.LE || op == Op.GT || op == Op.GE)) {
            return new MetricRange(keyed.key(), op.sql, number.value());
        }
        if (RunFields.isParam(keyed) && op == Op.EQ && compare.value() instanceof Value.Text text
                && keyed.key().length() <= ParamEquals.INDEXED_LENGTH && text.value().length() <= ParamEquals.INDEXED_LENGTH) {
            return new ParamEquals(keyed.key(), text.value());
        }
        return null;
    }

    /** The ORDER BY list (without "ORDER BY"), always ending in a total order so paging is stable. */
    public static SqlCondition orderBy(List<String> orderBy) {
        return order(orderBy).sql();
    }

    /** The order, with what keyset paging needs to know about it (see {@link RunOrder}). */
    public static RunOrder order(List<String> orderBy) {
        var sorts = OrderBySql.resolve(orderBy == null ? List.of() : orderBy, RunFields.INSTANCE, List.of(), TIE_BREAKERS);
        var sql = OrderBySql.render(sorts);
        String metric = null;
        boolean metricAscending = false;
        var rest = sorts;
        if (sorts.get(0).field() instanceof Field.Keyed keyed && RunFields.isMetric(keyed)) {
            metric = keyed.key();
            metricAscending = sorts.get(0).ascending();
            rest = sorts.subList(1, sorts.size());
        }
        var columns = new ArrayList<RunOrder.ColumnSort>();
        for (var sort : rest) {
            if (!(sort.field() instanceof Field.Column column) || column.nullable()) return new RunOrder(sql, null, metric, metricAscending);
            columns.add(new RunOrder.ColumnSort(column.sql(), sort.ascending(), column.valueType() != Field.ValueType.TEXT));
        }
        return new RunOrder(sql, columns, metric, metricAscending);
    }
}
