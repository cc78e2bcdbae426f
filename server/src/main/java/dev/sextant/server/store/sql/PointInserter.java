package dev.sextant.server.store.sql;

import dev.sextant.server.domain.MetricPoint;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Inserts metric points with ON CONFLICT DO NOTHING and tells which ones were new: the fastest way
 * differs per database. Points are stored as (series, step, timestamp, value or 0, is_nan).
 */
public interface PointInserter {
    /**
     * @param seriesIds the series id of each point, by index
     * @return for each point, 1 when it was inserted, 0 when it was already stored (or repeated in the batch)
     */
    int[] insert(Handle handle, List<MetricPoint> points, long[] seriesIds) throws SQLException;
}
