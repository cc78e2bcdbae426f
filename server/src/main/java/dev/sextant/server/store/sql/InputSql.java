package dev.sextant.server.store.sql;

import dev.sextant.server.domain.Dataset;
import dev.sextant.server.domain.DatasetInput;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** Dataset inputs of runs: datasets kept once per experiment by (name, digest), linked to a run at most once. */
final class InputSql {
    private InputSql() {}

    /** A dataset already linked to the run keeps its first input's tags, as MLflow does. */
    static void insert(Handle handle, String runId, long experimentId, List<DatasetInput> inputs) {
        for (var input : inputs) {
            var dataset = input.dataset();
            handle.createUpdate("""
                            INSERT INTO datasets (experiment_id, name, digest, source_type, source, dataset_schema, dataset_profile)
                            VALUES (:experimentId, :name, :digest, :sourceType, :source, :schema, :profile)
                            ON CONFLICT (experiment_id, name, digest) DO NOTHING""")
                    .bind("experimentId", experimentId).bind("name", dataset.name()).bind("digest", dataset.digest())
                    .bind("sourceType", dataset.sourceType()).bind("source", dataset.source())
                    .bind("schema", dataset.schema()).bind("profile", dataset.profile())
                    .execute();
            long datasetId = handle.createQuery("""
                            SELECT dataset_id FROM datasets WHERE experiment_id = :experimentId AND name = :name AND digest = :digest""")
                    .bind("experimentId", experimentId).bind("name", dataset.name()).bind("digest", dataset.digest())
                    .mapTo(Long.class).one();
            int linked = handle.createUpdate("""
                            INSERT INTO run_inputs (run_id, dataset_id, position)
                            SELECT :runId, :datasetId, COUNT(*) FROM run_inputs WHERE run_id = :runId
                            ON CONFLICT DO NOTHING""")
                    .bind("runId", runId).bind("datasetId", datasetId).execute();
            if (linked == 0 || input.tags().isEmpty()) continue;
            var tags = handle.prepareBatch("""
                    INSERT INTO run_input_tags (run_id, dataset_id, key, value) VALUES (:runId, :datasetId, :key, :value)""");
            input.tags().forEach((key, value) ->
                    tags.bind("runId", runId).bind("datasetId", datasetId).bind("key", key).bind("value", value).add());
            tags.execute();
        }
    }

    /** Each run's inputs in the order they were first logged; runs without inputs are absent. */
    static Map<String, List<DatasetInput>> forRuns(Handle handle, Collection<String> runIds) {
        var byRun = new HashMap<String, List<DatasetInput>>();
        if (runIds.isEmpty()) return byRun;
        record Input(String runId, long datasetId, Dataset dataset) {}
        var inputs = handle.createQuery("""
                        SELECT i.run_id, d.dataset_id, d.name, d.digest, d.source_type, d.source, d.dataset_schema, d.dataset_profile
                        FROM run_inputs i JOIN datasets d ON d.dataset_id = i.dataset_id
                        WHERE i.run_id IN (<runIds>) ORDER BY i.run_id, i.position""")
                .bindList("runIds", List.copyOf(runIds))
                .map((rs, ctx) -> new Input(rs.getString(1), rs.getLong(2), new Dataset(rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8))))
                .list();
        // An input's tags are read only when there are inputs: most runs have none, and a search answer reads this for
        // every page of runs, where each statement is a round trip to PostgreSQL.
        if (inputs.isEmpty()) return byRun;
        var tags = new HashMap<String, Map<String, String>>(); // by run_id + " " + dataset_id
        handle.createQuery("SELECT run_id, dataset_id, key, value FROM run_input_tags WHERE run_id IN (<runIds>)")
                .bindList("runIds", List.copyOf(runIds))
                .map((rs, ctx) -> new String[] {rs.getString(1) + " " + rs.getLong(2), rs.getString(3), rs.getString(4)})
                .forEach(row -> tags.computeIfAbsent(row[0], k -> new HashMap<>()).put(row[1], row[2]));
        for (var input : inputs) {
            byRun.computeIfAbsent(input.runId(), k -> new ArrayList<>())
                    .add(new DatasetInput(input.dataset(), tags.getOrDefault(input.runId() + " " + input.datasetId(), Map.of())));
        }
        return byRun;
    }
}
