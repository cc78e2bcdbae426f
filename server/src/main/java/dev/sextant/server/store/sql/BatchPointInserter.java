package dev.sextant.server.store.sql;

import dev.sextant.server.domain.MetricPoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A JDBC batch of single-row inserts; the driver reports each row's count. Fastest on SQLite, where it
 * is one native loop. With {@code lockOrder} the rows go in primary-key order, so concurrent writers of
 * overlapping batches lock rows in the same order and cannot deadlock.
 */
public final class BatchPointInserter implements PointInserter {
    private static final String INSERT_POINT = """
            INSERT INTO metric_points (series_id, step, timestamp_ms, value, is_nan) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING""";

    private final boolean lockOrder;

    public BatchPointInserter(boolean lockOrder) {
        this.lockOrder = lockOrder;
    }

    @Override
    public int[] insert(Connection connection, List<MetricPoint> points, long[] seriesIds) throws SQLException {
        var order = new Integer[points.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        if (lockOrder) {
            Arrays.sort(order, Comparator.<Integer>comparingLong(i -> seriesIds[i])
                    .thenComparingLong(i -> points.get(i).step())
                    .thenComparingLong(i -> points.get(i).timestampMs())
                    .thenComparingDouble(i -> points.get(i).value()));
        }
        try (PreparedStatement statement = connection.prepareStatement(INSERT_POINT)) {
            for (int index : order) {
                var point = points.get(index);
                boolean nan = Double.isNaN(point.value());
                statement.setLong(1, seriesIds[index]);
                statement.setLong(2, point.step());
                statement.setLong(3, point.timestampMs());
                statement.setDouble(4, nan ? 0.0 : point.value());
                statement.setInt(5, nan ? 1 : 0);
                statement.addBatch();
            }
            int[] sortedCounts = statement.executeBatch();
            int[] counts = new int[points.size()];
            for (int i = 0; i < order.length; i++) {
                if (sortedCounts[i] == Statement.SUCCESS_NO_INFO) {
                    throw new IllegalStateException("the JDBC driver did not report per-row insert counts");
                }
                counts[order[i]] = sortedCounts[i];
            }
            return counts;
        }
    }
}
