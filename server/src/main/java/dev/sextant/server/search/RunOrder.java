package dev.sextant.server.search;

import java.util.List;

/**
 * A run search's order, described for paging. {@link #sql} is the whole ORDER BY, which offset paging uses. When
 * the order is made of columns that are never NULL ({@link #columns}), a page can start after the last row's
 * values instead (keyset paging). When it starts with a metric's latest value and the rest are such columns
 * ({@link #leadingMetric}), runs can be read in that metric's index order, a page at a time: first those with a
 * value, then those whose value is NaN, then those without the metric — MLflow's order.
 *
 * @param columns        the column sorts after the leading metric, or all of them; null when one is not a column
 *                       or may be NULL
 * @param leadingMetric  the key of the metric the order starts with, or null
 */
public record RunOrder(SqlCondition sql, List<ColumnSort> columns, String leadingMetric, boolean leadingAscending) {
    /** A never-NULL column of {@code runs r}, its direction, and whether its values are integers (else text). */
    public record ColumnSort(String sql, boolean ascending, boolean integer) {}

    public RunOrder {
        columns = columns == null ? null : List.copyOf(columns);
    }

    /** Every sort is a never-NULL column: pages continue after the last row's values. */
    public boolean keysetOnColumns() {
        return leadingMetric == null && columns != null;
    }

    /** A metric first, then never-NULL columns: pages are read in the metric's index order. */
    public boolean keysetOnMetric() {
        return leadingMetric != null && columns != null;
    }
}
