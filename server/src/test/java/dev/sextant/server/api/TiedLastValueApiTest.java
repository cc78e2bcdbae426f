package dev.sextant.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Points tied on (step, timestamp): both APIs answer with the greatest value as "last", whichever arrived first
 * (MLflow's rule; a NaN counts as its stored 0, just after a real 0), as the store contract checks per read path.
 */
class TiedLastValueApiTest extends ApiTestBase {
    private static final long TIME_MS = 1_700_000_000_000L;

    @Test
    void both_apis_give_the_greatest_tied_value_as_latest_whatever_the_arrival_order() {
        var experimentId = createRun(Map.of("experiment_name", "ties")).get("experiment_id").asText();
        var cases = List.of(
                new Object[] {2.0, 1.0, "2.0"}, new Object[] {1.0, 2.0, "2.0"},
                new Object[] {"NaN", -1.0, "NaN"}, new Object[] {-1.0, "NaN", "NaN"},
                new Object[] {"NaN", 5.0, "5.0"}, new Object[] {5.0, "NaN", "5.0"});
        var runIds = new ArrayList<String>();
        for (var values : cases) {
            var runId = createRun(Map.of("experiment_id", experimentId)).get("run_id").asText();
            runIds.add(runId);
            for (int i = 0; i < 2; i++) {
                var response = api.post("/api/2.0/mlflow/runs/log-metric", api.json(Map.of("run_id", runId, "key", "k",
                        "value", values[i], "timestamp", TIME_MS, "step", 7)));
                assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
            }
            var expected = (String) values[2];
            var about = values[0] + " then " + values[1];
            assertThat(mlflowLatest(runId).asText()).as(about + ": runs/get").isEqualTo(expected);
            var history = api.get("/api/2.0/mlflow/metrics/get-history?run_id=" + runId + "&metric_key=k").body().get("metrics");
            assertThat(history.get(history.size() - 1).get("value").asText()).as(about + ": get-history ends with it")
                    .isEqualTo(expected);
            var summary = api.get("/api/v1/runs/" + runId).body().get("metrics").get("k");
            assertThat(summary.get("last").asText()).as(about + ": native summary").isEqualTo(expected);
            for (int buckets : new int[] {1, 256, 1000}) {
                var envelope = api.get("/api/v1/runs/" + runId + "/metrics/k?buckets=" + buckets).body();
                assertThat(envelope.get("buckets").get(0).get("last").asText()).as(about + ": envelope in " + buckets)
                        .isEqualTo(expected);
            }
        }
        var found = api.post("/api/2.0/mlflow/runs/search", api.json(Map.of("experiment_ids", List.of(experimentId),
                "filter", "metrics.k = 2"))).body().get("runs");
        assertThat(found.findValuesAsText("run_id")).containsExactlyInAnyOrder(runIds.get(0), runIds.get(1));
        var ordered = api.post("/api/2.0/mlflow/runs/search", api.json(Map.of("experiment_ids", List.of(experimentId),
                "filter", "metrics.k > -10", "order_by", List.of("metrics.k DESC")))).body().get("runs");
        var latest = new ArrayList<String>();
        for (var run : ordered) latest.add(metricOf(run).asText());
        assertThat(latest).containsExactly("5.0", "5.0", "2.0", "2.0");
    }

    private JsonNode mlflowLatest(String runId) {
        return metricOf(api.get("/api/2.0/mlflow/runs/get?run_id=" + runId).body().get("run"));
    }

    private static JsonNode metricOf(JsonNode run) {
        for (var metric : run.get("data").get("metrics")) {
            if (metric.get("key").asText().equals("k")) return metric.get("value");
        }
        throw new AssertionError("no metric k in " + run);
    }
}
