package dev.sextant.server.store.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The summary columns shared by metric_series and metric_chunks: how to bind a {@link PointAggregate}
 * into them, read one back, and merge a new aggregate into a stored row with an upsert. The merge is
 * plain CASE arithmetic so it runs unchanged on SQLite and PostgreSQL. A NULL value column means NaN
 * (or "no non-NaN value" for min/max); a sum over no values is 0.
 */
final class SummaryMerge {
    private SummaryMerge() {}

    static final String COLUMNS = """
            point_count, nan_count, min_value, max_value, sum_value, first_step, first_timestamp_ms, first_value,
            last_step, last_timestamp_ms, last_value""";

    static final String PLACEHOLDERS = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
    static final int COLUMN_COUNT = COLUMNS.split(",").length;

    private static final String MAX = Double.toString(Double.MAX_VALUE);

    /**
     * The DO UPDATE SET clause for an upsert into {@code table}; {@code infinity} is the dialect's SQL for +∞, which a
     * sum past the largest double becomes (as in Java) rather than failing the write, as PostgreSQL's overflow check
     * would: MLflow's routes store an infinite loss as Double.MAX_VALUE, so two of them are enough.
     */
    static String setClause(String table, String infinity) {
        String t = table + ".";
        String newFirst = "(" + t + "point_count = 0 OR " + before("excluded.first_", t + "first_") + ")";
        String newLast = "(" + t + "point_count = 0 OR " + before(t + "last_", "excluded.last_") + ")";
        return String.join(",\n",
                "point_count = " + t + "point_count + excluded.point_count",
                "nan_count = " + t + "nan_count + excluded.nan_count",
                "min_value = CASE WHEN excluded.min_value IS NULL THEN " + t + "min_value WHEN " + t
                        + "min_value IS NULL OR excluded.min_value < " + t + "min_value THEN excluded.min_value ELSE "
                        + t + "min_value END",
                "max_value = CASE WHEN excluded.max_value IS NULL THEN " + t + "max_value WHEN " + t
                        + "max_value IS NULL OR excluded.max_value > " + t + "max_value THEN excluded.max_value ELSE "
                        + t + "max_value END",
                // NULL is NaN here (infinities of both signs met), and SQL's NULL arithmetic keeps it NaN.
                // Only finite sums can overflow; "<= MAX" also keeps out PostgreSQL's NaN, which it orders above
                // every number.
                "sum_value = CASE WHEN " + t + "sum_value > 0 AND excluded.sum_value > 0 AND " + t + "sum_value <= " + MAX
                        + " AND excluded.sum_value <= " + MAX + " AND " + t + "sum_value > " + MAX + " - excluded.sum_value THEN "
                        + infinity + " WHEN " + t + "sum_value < 0 AND excluded.sum_value < 0 AND " + t + "sum_value >= -" + MAX
                        + " AND excluded.sum_value >= -" + MAX + " AND " + t + "sum_value < -" + MAX + " - excluded.sum_value THEN -"
                        + infinity + " ELSE " + t + "sum_value + excluded.sum_value END",
                "first_step = CASE WHEN " + newFirst + " THEN excluded.first_step ELSE " + t + "first_step END",
                "first_timestamp_ms = CASE WHEN " + newFirst + " THEN excluded.first_timestamp_ms ELSE " + t
                        + "first_timestamp_ms END",
                "first_value = CASE WHEN " + newFirst + " THEN excluded.first_value ELSE " + t + "first_value END",
                "last_step = CASE WHEN " + newLast + " THEN excluded.last_step ELSE " + t + "last_step END",
                "last_timestamp_ms = CASE WHEN " + newLast + " THEN excluded.last_timestamp_ms ELSE " + t
                        + "last_timestamp_ms END",
                "last_value = CASE WHEN " + newLast + " THEN excluded.last_value ELSE " + t + "last_value END");
    }

    /**
     * True when point {@code a} comes before point {@code b} in {@link PointAggregate#compare}'s order: step, timestamp,
     * then value with NaN (NULL) as 0 and just after a real 0. The prefixes name the columns, e.g. "excluded.last_".
     */
    private static String before(String a, String b) {
        String valueA = "COALESCE(" + a + "value, 0)";
        String valueB = "COALESCE(" + b + "value, 0)";
        return "(" + a + "step < " + b + "step OR (" + a + "step = " + b + "step AND (" + a + "timestamp_ms < " + b
                + "timestamp_ms OR (" + a + "timestamp_ms = " + b + "timestamp_ms AND (" + valueA + " < " + valueB
                + " OR (" + valueA + " = " + valueB + " AND " + a + "value IS NOT NULL AND " + b + "value IS NULL))))))";
    }

    /** The DO UPDATE SET clause that overwrites every summary column with the new row's. */
    static String replaceClause() {
        var assignments = new java.util.ArrayList<String>();
        for (var column : COLUMNS.split(",")) assignments.add(column.trim() + " = excluded." + column.trim());
        return String.join(", ", assignments);
    }

    /** Binds the 11 summary columns starting at parameter {@code index}. */
    static void bind(PreparedStatement statement, int index, PointAggregate aggregate) throws SQLException {
        statement.setLong(index, aggregate.count);
        statement.setLong(index + 1, aggregate.nanCount);
        bindValue(statement, index + 2, aggregate.min);
        bindValue(statement, index + 3, aggregate.max);
        bindValue(statement, index + 4, aggregate.sum);
        statement.setLong(index + 5, aggregate.firstStep);
        statement.setLong(index + 6, aggregate.firstTimestampMs);
        bindValue(statement, index + 7, aggregate.firstValue);
        statement.setLong(index + 8, aggregate.lastStep);
        statement.setLong(index + 9, aggregate.lastTimestampMs);
        bindValue(statement, index + 10, aggregate.lastValue);
    }

    /**
     * Reads the summary columns of the current row, selected in {@link #COLUMNS} order starting at column
     * {@code first} (1-based). By position, not by name: envelopes read thousands of these rows.
     */
    static PointAggregate read(ResultSet rs, int first) throws SQLException {
        var aggregate = new PointAggregate();
        aggregate.count = rs.getLong(first);
        aggregate.nanCount = rs.getLong(first + 1);
        aggregate.min = value(rs, first + 2);
        aggregate.max = value(rs, first + 3);
        aggregate.sum = value(rs, first + 4);
        aggregate.firstStep = rs.getLong(first + 5);
        aggregate.firstTimestampMs = rs.getLong(first + 6);
        aggregate.firstValue = value(rs, first + 7);
        aggregate.lastStep = rs.getLong(first + 8);
        aggregate.lastTimestampMs = rs.getLong(first + 9);
        aggregate.lastValue = value(rs, first + 10);
        return aggregate;
    }

    /** NaN is written as NULL explicitly: PostgreSQL would otherwise store a NaN that sorts above everything. */
    static void bindValue(PreparedStatement statement, int index, double value) throws SQLException {
        if (Double.isNaN(value)) statement.setNull(index, Types.DOUBLE);
        else statement.setDouble(index, value);
    }

    static double value(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : value;
    }
}
