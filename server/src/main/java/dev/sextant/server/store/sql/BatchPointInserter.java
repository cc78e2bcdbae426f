package dev.sextant.server.store.sql;

import dev.sextant.server.domain.MetricPoint;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** A JDBC batch of single-row inserts: the driver reports each row's count, so it tells which points were new. */
public final class BatchPointInserter implements PointInserter {
    private static final String INSERT_POINT = """
            INSERT INTO metric_points (series_id, step, timestamp_ms, value, is_nan) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING""";

    @Override
    public int[] insert(Handle handle, List<MetricPoint> points, long[] seriesIds) throws SQLException {
        return StatementCache.with(handle, INSERT_POINT, statement -> {
            for (int i = 0; i < seriesIds.length; i++) {
                var point = points.get(i);
                boolean nan = Double.isNaN(point.value());
                statement.setLong(1, seriesIds[i]);
                statement.setLong(2, point.step());
                statement.setLong(3, point.timestampMs());
                statement.setDouble(4, nan ? 0.0 : point.value());
                statement.setInt(5, nan ? 1 : 0);
                statement.addBatch();
            }
            int[] counts = statement.executeBatch();
            for (int count : counts) {
                if (count == Statement.SUCCESS_NO_INFO) {
                    throw new IllegalStateException("the JDBC driver did not report per-row insert counts");
                }
            }
            return counts;
        });
    }
}
