package dev.sextant.server.store.sql;

import dev.sextant.server.domain.MetricPoint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;

/** Finds the metric_series rows of a batch's keys, creating empty ones for keys this run has not logged before. */
final class SeriesRegistry {
    private SeriesRegistry() {}

    /** A series' id and the finest envelope level it keeps. */
    record SeriesRef(long id, int minLevel) {}

    /**
     * The insert skips keys another writer created meanwhile (on another replica too), and the ids are
     * read after it, so two racing writers agree on one series per key.
     */
    static Map<String, SeriesRef> ensure(Handle handle, String runId, List<MetricPoint> points) {
        var keys = new TreeSet<String>();
        for (var point : points) keys.add(point.key());
        var refs = find(handle, runId, keys);
        if (refs.size() == keys.size()) return refs;
        var batch = handle.prepareBatch("""
                INSERT INTO metric_series (run_id, key, point_count, nan_count, sum_value, first_step,
                    first_timestamp_ms, last_step, last_timestamp_ms, min_level)
                VALUES (:runId, :key, 0, 0, 0, 0, 0, 0, 0, :minLevel)
                ON CONFLICT (run_id, key) DO NOTHING""");
        for (var key : keys) {
            if (refs.containsKey(key)) continue;
            int minLevel = EnvelopeLevels.minLevelFor(points.stream().filter(p -> p.key().equals(key)).mapToLong(MetricPoint::step).toArray());
            batch.bind("runId", runId).bind("key", key).bind("minLevel", minLevel).add();
        }
        batch.execute();
        return find(handle, runId, keys);
    }

    private static Map<String, SeriesRef> find(Handle handle, String runId, Set<String> keys) {
        var refs = new HashMap<String, SeriesRef>();
        handle.createQuery("SELECT key, series_id, min_level FROM metric_series WHERE run_id = :runId")
                .bind("runId", runId)
                .map((rs, ctx) -> Map.entry(rs.getString(1), new SeriesRef(rs.getLong(2), rs.getInt(3))))
                .forEach(entry -> {
                    if (keys.contains(entry.getKey())) refs.put(entry.getKey(), entry.getValue());
                });
        return refs;
    }
}
