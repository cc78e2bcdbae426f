package dev.sextant.server.store.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * A query over a list of ranges, {@code WITH r(...) AS (VALUES (?, ?), ...) SELECT ...}, a few hundred ranges at a
 * time, as raw JDBC: JDBI would lex each of these long statements for named parameters, which measured at ~30 ms
 * a statement, ten times the query itself. Statements go through {@link StatementCache}, so a handle that keeps them
 * (the writer's, a many-run read's) prepares each shape of statement once.
 */
final class RangeQuery {
    static final int RANGES_PER_QUERY = 300;

    private RangeQuery() {}

    interface Rows {
        void accept(ResultSet rs) throws SQLException;
    }

    /**
     * Runs {@code select} (which reads the CTE r with {@code columns}, e.g. "lo, hi") for the ranges (each array
     * holds one value per column), then binds {@code tail} after the ranges' values.
     */
    static void forEach(Handle handle, String columns, List<long[]> ranges, String select, long[] tail, Rows rows) {
        int width = columns.split(",").length;
        var placeholder = "(" + "?, ".repeat(width - 1) + "?)";
        for (int offset = 0; offset < ranges.size(); offset += RANGES_PER_QUERY) {
            var batch = ranges.subList(offset, Math.min(ranges.size(), offset + RANGES_PER_QUERY));
            var sql = new StringBuilder("WITH r(").append(columns).append(") AS (VALUES ");
            for (int i = 0; i < batch.size(); i++) sql.append(i == 0 ? "" : ", ").append(placeholder);
            sql.append(") ").append(select);
            try {
                StatementCache.with(handle, sql.toString(), statement -> {
                    int p = 1;
                    for (var range : batch) for (int c = 0; c < width; c++) statement.setLong(p++, range[c]);
                    for (long value : tail) statement.setLong(p++, value);
                    try (var rs = statement.executeQuery()) {
                        while (rs.next()) rows.accept(rs);
                    }
                    return null;
                });
            } catch (SQLException e) {
                throw new IllegalStateException("reading metric ranges failed", e);
            }
        }
    }
}
