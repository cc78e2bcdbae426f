package dev.sextant.server.store.postgres;

import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.store.sql.PointInserter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * One statement per batch on PostgreSQL: the columns travel as five arrays, unnest() turns them into
 * rows, and RETURNING names the rows that were new. A JDBC batch would be one round trip per row's
 * worth of work; this is one statement. Rows are inserted in primary-key order so concurrent writers
 * lock them in the same order.
 */
public final class ArrayPointInserter implements PointInserter {
    private static final String INSERT_POINTS = """
            INSERT INTO metric_points (series_id, step, timestamp_ms, value, is_nan)
            SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::float8[], ?::int[])
                       AS p(series_id, step, timestamp_ms, value, is_nan)
            ORDER BY 1, 2, 3, 4, 5
            ON CONFLICT DO NOTHING
            RETURNING series_id, step, timestamp_ms, value, is_nan""";

    /** A stored point's identity; the value is compared by its bits, NaN points carry 0. */
    private record Identity(long seriesId, long step, long timestampMs, long valueBits, int isNan) {}

    @Override
    public int[] insert(Handle handle, List<MetricPoint> points, long[] seriesIds) throws SQLException {
        var connection = handle.getConnection();
        int n = points.size();
        var series = new Long[n];
        var steps = new Long[n];
        var timestamps = new Long[n];
        var values = new Double[n];
        var nans = new Integer[n];
        var indicesByIdentity = new HashMap<Identity, List<Integer>>();
        for (int i = 0; i < n; i++) {
            var point = points.get(i);
            boolean nan = Double.isNaN(point.value());
            series[i] = seriesIds[i];
            steps[i] = point.step();
            timestamps[i] = point.timestampMs();
            values[i] = nan ? 0.0 : point.value();
            nans[i] = nan ? 1 : 0;
            indicesByIdentity.computeIfAbsent(identity(seriesIds[i], point.step(), point.timestampMs(), values[i], nans[i]),
                    k -> new ArrayList<>(1)).add(i);
        }
        int[] counts = new int[n];
        try (var statement = connection.prepareStatement(INSERT_POINTS)) {
            statement.setArray(1, connection.createArrayOf("bigint", series));
            statement.setArray(2, connection.createArrayOf("bigint", steps));
            statement.setArray(3, connection.createArrayOf("bigint", timestamps));
            statement.setArray(4, connection.createArrayOf("float8", values));
            statement.setArray(5, connection.createArrayOf("int4", nans));
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    var inserted = identity(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getDouble(4), rows.getInt(5));
                    var indices = indicesByIdentity.get(inserted);
                    // A point repeated within the batch is stored once: only its first occurrence counts.
                    if (indices != null) counts[indices.get(0)] = 1;
                }
            }
        }
        return counts;
    }

    private static Identity identity(long seriesId, long step, long timestampMs, double value, int isNan) {
        // -0.0 and 0.0 are one value to the database; normalise before taking the bits.
        return new Identity(seriesId, step, timestampMs, Double.doubleToLongBits(value == 0.0 ? 0.0 : value), isNan);
    }
}
