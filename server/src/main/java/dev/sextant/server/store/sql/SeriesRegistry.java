package dev.sextant.server.store.sql;

import dev.sextant.server.domain.MetricPoint;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** Finds the metric_series rows of a batch's keys, creating empty ones for keys this run has not logged before. */
final class SeriesRegistry {
    private SeriesRegistry() {}

    /** A series' id and the finest envelope level it keeps. */
    record SeriesRef(long id, int minLevel) {}

    static Map<String, SeriesRef> ensure(Handle handle, String runId, List<MetricPoint> points) {
        var keys = new HashSet<String>();
        for (var point : points) keys.add(point.key());
        var refs = new HashMap<String, SeriesRef>();
        handle.createQuery("SELECT key, series_id, min_level FROM metric_series WHERE run_id = :runId")
                .bind("runId", runId)
                .map((rs, ctx) -> Map.entry(rs.getString(1), new SeriesRef(rs.getLong(2), rs.getInt(3))))
                .forEach(entry -> {
                    if (keys.contains(entry.getKey())) refs.put(entry.getKey(), entry.getValue());
                });
        for (var key : keys) {
            if (refs.containsKey(key)) continue;
            int minLevel = EnvelopeLevels.minLevelFor(points.stream().filter(p -> p.key().equals(key)).mapToLong(MetricPoint::step).toArray());
            long id = handle.createUpdate("""
                            INSERT INTO metric_series (run_id, key, point_count, nan_count, first_step,
                                first_timestamp_ms, last_step, last_timestamp_ms, min_level)
                            VALUES (:runId, :key, 0, 0, 0, 0, 0, 0, :minLevel)""")
                    .bind("runId", runId).bind("key", key).bind("minLevel", minLevel)
                    .executeAndReturnGeneratedKeys("series_id").mapTo(Long.class).one();
            refs.put(key, new SeriesRef(id, minLevel));
        }
        return refs;
    }
}
