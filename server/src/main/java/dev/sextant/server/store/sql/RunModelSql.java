package dev.sextant.server.store.sql;

import dev.sextant.server.domain.RunModelLink;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** The logged models runs produced (outputs) and used (inputs), in the order each run linked them. */
final class RunModelSql {
    private RunModelSql() {}

    /** A model the run already links in the same direction keeps its first link. */
    static void insert(Handle handle, String runId, List<RunModelLink> links) {
        for (var link : links) {
            handle.createUpdate("""
                            INSERT INTO run_models (run_id, model_id, direction, step, position)
                            SELECT :runId, :modelId, :direction, :step, COUNT(*) FROM run_models WHERE run_id = :runId
                            ON CONFLICT DO NOTHING""")
                    .bind("runId", runId).bind("modelId", link.modelId())
                    .bind("direction", link.direction().name().toLowerCase(Locale.ROOT)).bind("step", link.step())
                    .execute();
        }
    }

    /** Each run's links in the order they were made; runs without links are absent. */
    static Map<String, List<RunModelLink>> forRuns(Handle handle, Collection<String> runIds) {
        var byRun = new HashMap<String, List<RunModelLink>>();
        if (runIds.isEmpty()) return byRun;
        handle.createQuery("SELECT run_id, model_id, direction, step FROM run_models WHERE run_id IN (<ids>) ORDER BY run_id, position")
                .bindList("ids", List.copyOf(runIds))
                .map((rs, ctx) -> Map.entry(rs.getString(1), new RunModelLink(rs.getString(2),
                        RunModelLink.Direction.valueOf(rs.getString(3).toUpperCase(Locale.ROOT)), rs.getLong(4))))
                .forEach(entry -> byRun.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(entry.getValue()));
        return byRun;
    }
}
