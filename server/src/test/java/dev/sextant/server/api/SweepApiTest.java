package dev.sextant.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SweepApiTest extends ApiTestBase {
    static final String GRID = """
            {"method":"grid","metric":{"name":"loss","goal":"minimize"},
             "parameters":{"lr":{"values":[0.1,0.01,0.001]},"optimizer":{"values":["adam","sgd"]},
                           "layers":{"distribution":"int_uniform","min":2,"max":5},"model.width":{"value":256}}}""";

    JsonNode createSweep(String config) {
        var response = api.post("/api/v1/sweeps", "{\"experiment_id\":\"0\",\"name\":\"s\",\"config\":" + config + "}");
        assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
        return response.body();
    }

    ApiClient.Response next(String sweepId) {
        return api.post("/api/v1/sweeps/" + sweepId + "/next", "");
    }

    void finish(String runId, double loss) {
        logPoints(runId, "[{\"key\":\"loss\",\"value\":" + loss + ",\"step\":0}]");
        assertThat(api.patch("/api/v1/runs/" + runId, "{\"status\":\"FINISHED\"}").status()).isEqualTo(200);
    }

    @Test
    void a_new_sweep_shows_its_config_state_and_empty_counts() {
        var sweep = createSweep(GRID);
        assertThat(sweep.get("sweep_id").asText()).matches("[0-9a-f]{32}");
        assertThat(sweep.get("state").asText()).isEqualTo("RUNNING");
        assertThat(sweep.get("method").asText()).isEqualTo("grid");
        assertThat(sweep.get("config").get("parameters").has("optimizer")).isTrue();
        assertThat(sweep.get("counts").get("RUNNING").asLong()).isZero();
        assertThat(sweep.get("best_run_id").isNull()).isTrue();
        var listed = api.get("/api/v1/sweeps?experiment_id=0").body().get("sweeps");
        assertThat(listed).hasSize(1);
        assertThat(api.get("/api/v1/sweeps/" + sweep.get("sweep_id").asText()).body().get("name").asText()).isEqualTo("s");
    }

    @Test
    void an_invalid_config_is_refused_with_the_field_named_and_nothing_stored() {
        var response = api.post("/api/v1/sweeps", "{\"config\":{\"method\":\"grid\",\"parameters\":{\"lr\":{\"min\":0.0,\"max\":1}}}}");
        assertError(response, 400, "INVALID_PARAMETER_VALUE", "sweep config field 'parameters.lr' grid search needs");
        assertThat(api.get("/api/v1/sweeps?experiment_id=0").body().get("sweeps")).isEmpty();
    }

    @Test
    void a_trial_is_a_run_with_its_config_as_params_found_by_attributes_sweep_id() {
        var sweepId = createSweep(GRID).get("sweep_id").asText();
        var trial = next(sweepId);
        assertThat(trial.status()).isEqualTo(201);
        assertThat(trial.body().get("config").get("model").get("width").asInt()).isEqualTo(256);
        assertThat(trial.body().get("grid_index").asLong()).isZero();
        var run = api.get("/api/v1/runs/" + trial.body().get("run_id").asText()).body();
        assertThat(run.get("status").asText()).isEqualTo("RUNNING");
        assertThat(run.toString()).contains("\"optimizer\"").contains("adam");
        createRun(Map.of("experiment_id", "0"));
        var found = api.post("/api/v1/runs/search", api.json(Map.of("experiment_ids", List.of("0"),
                "filter", "attributes.sweep_id = '" + sweepId + "'"))).body().get("runs");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("run_id").asText()).isEqualTo(trial.body().get("run_id").asText());
    }

    @Test
    void four_concurrent_agents_get_every_grid_point_exactly_once() throws Exception {
        var sweepId = createSweep(GRID).get("sweep_id").asText();
        var configs = Collections.synchronizedList(new ArrayList<String>());
        var pool = Executors.newFixedThreadPool(4);
        var agents = new ArrayList<Callable<Integer>>();
        for (int agent = 0; agent < 4; agent++) {
            agents.add(() -> {
                int trials = 0;
                for (var trial = next(sweepId); trial.status() == 201; trial = next(sweepId)) {
                    configs.add(trial.body().get("config").toString());
                    finish(trial.body().get("run_id").asText(), Math.random());
                    trials++;
                }
                return trials;
            });
        }
        for (var future : pool.invokeAll(agents, 120, TimeUnit.SECONDS)) future.get();
        pool.shutdown();
        assertThat(configs).hasSize(3 * 2 * 4).doesNotHaveDuplicates();
        var sweep = api.get("/api/v1/sweeps/" + sweepId).body();
        assertThat(sweep.get("counts").get("FINISHED").asLong()).isEqualTo(24);
        assertThat(next(sweepId).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/sweeps/" + sweepId).body().get("state").asText()).isEqualTo("FINISHED");
    }

    @Test
    void the_best_trial_follows_the_metric_goal() {
        var sweepId = createSweep(GRID).get("sweep_id").asText();
        var runs = new ArrayList<String>();
        for (double loss : new double[] {0.5, 0.2, 0.9}) {
            var runId = next(sweepId).body().get("run_id").asText();
            finish(runId, loss);
            runs.add(runId);
        }
        var sweep = api.get("/api/v1/sweeps/" + sweepId).body();
        assertThat(sweep.get("best_run_id").asText()).isEqualTo(runs.get(1));
        assertThat(sweep.get("best_value").asDouble()).isEqualTo(0.2);
        var trials = api.get("/api/v1/sweeps/" + sweepId + "/trials").body().get("trials");
        assertThat(trials).hasSize(3);
        assertThat(trials.get(2).get("metric_value").asDouble()).isEqualTo(0.9);
    }

    @Test
    void a_paused_sweep_hands_out_nothing_until_it_is_resumed() {
        var sweepId = createSweep(GRID).get("sweep_id").asText();
        assertThat(api.post("/api/v1/sweeps/" + sweepId + "/pause", "").body().get("state").asText()).isEqualTo("PAUSED");
        assertError(next(sweepId), 409, "INVALID_STATE", "is paused");
        assertThat(api.post("/api/v1/sweeps/" + sweepId + "/resume", "").body().get("state").asText()).isEqualTo("RUNNING");
        assertThat(next(sweepId).status()).isEqualTo(201);
    }

    @Test
    void a_stopped_sweep_is_done_and_cannot_be_resumed() {
        var sweepId = createSweep(GRID).get("sweep_id").asText();
        assertThat(api.post("/api/v1/sweeps/" + sweepId + "/stop", "").body().get("state").asText()).isEqualTo("STOPPED");
        assertThat(next(sweepId).status()).isEqualTo(204);
        assertError(api.post("/api/v1/sweeps/" + sweepId + "/resume", ""), 409, "INVALID_STATE", "is STOPPED");
    }

    @Test
    void a_deleted_sweep_leaves_the_list_and_hands_out_nothing() {
        var sweepId = createSweep(GRID).get("sweep_id").asText();
        assertThat(api.delete("/api/v1/sweeps/" + sweepId).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/sweeps?experiment_id=0").body().get("sweeps")).isEmpty();
        assertThat(api.get("/api/v1/sweeps?experiment_id=0&view=all").body().get("sweeps")).hasSize(1);
        assertError(next(sweepId), 409, "INVALID_STATE", "is deleted");
    }

    @Test
    void run_cap_bounds_a_random_sweep() {
        var sweepId = createSweep("""
                {"method":"random","run_cap":3,"parameters":{"lr":{"distribution":"log_uniform","min":1e-4,"max":1}}}""")
                .get("sweep_id").asText();
        var seen = new HashSet<String>();
        for (int i = 0; i < 3; i++) {
            var trial = next(sweepId);
            assertThat(trial.status()).isEqualTo(201);
            seen.add(trial.body().get("config").get("lr").asText());
            finish(trial.body().get("run_id").asText(), 1);
        }
        assertThat(seen).hasSize(3);
        assertThat(next(sweepId).status()).isEqualTo(204);
    }

    @Test
    void a_heartbeat_tells_a_clearly_worse_trial_to_stop_and_tags_its_run() {
        var sweepId = createSweep("""
                {"method":"random","metric":{"name":"loss"},"parameters":{"x":{"min":0.0,"max":1}},
                 "early_terminate":{"type":"hyperband","min_iter":3,"eta":3}}""").get("sweep_id").asText();
        var runs = new ArrayList<String>();
        for (int i = 0; i < 6; i++) {
            var runId = next(sweepId).body().get("run_id").asText();
            double floor = i == 5 ? 1.5 : 0.1 + 0.01 * i;
            var points = new StringBuilder("[");
            for (int step = 0; step < 9; step++) {
                points.append(step == 0 ? "" : ",").append("{\"key\":\"loss\",\"step\":").append(step)
                        .append(",\"value\":").append(floor + 2 * Math.exp(-step / 3.0)).append('}');
            }
            logPoints(runId, points.append(']').toString());
            runs.add(runId);
        }
        var good = api.post("/api/v1/sweeps/" + sweepId + "/trials/" + runs.get(0) + "/heartbeat", "").body();
        assertThat(good.get("should_stop").asBoolean()).isFalse();
        var bad = api.post("/api/v1/sweeps/" + sweepId + "/trials/" + runs.get(5) + "/heartbeat", "").body();
        assertThat(bad.get("should_stop").asBoolean()).isTrue();
        assertThat(bad.get("reason").asText()).startsWith("hyperband:");
        var run = api.get("/api/v1/runs/" + runs.get(5)).body();
        assertThat(run.get("tags").toString()).contains("sextant.sweep.stop_reason");
    }

    @Test
    void parameter_importance_ranks_the_parameter_that_drives_the_metric() {
        var sweepId = createSweep("""
                {"method":"random","metric":{"name":"loss"},"seed":3,
                 "parameters":{"x":{"min":0.0,"max":1},"noise":{"min":0.0,"max":1},"opt":{"values":["a","b"]}}}""")
                .get("sweep_id").asText();
        for (int i = 0; i < 30; i++) {
            var trial = next(sweepId).body();
            double x = trial.get("config").get("x").asDouble();
            finish(trial.get("run_id").asText(), 3 * x + 0.05 * trial.get("config").get("noise").asDouble());
        }
        var importance = api.get("/api/v1/sweeps/" + sweepId + "/importance").body();
        assertThat(importance.get("trials").asInt()).isEqualTo(30);
        var byName = new java.util.HashMap<String, JsonNode>();
        importance.get("parameters").forEach(p -> byName.put(p.get("parameter").asText(), p));
        assertThat(byName.get("x").get("spearman").asDouble()).isGreaterThan(0.9);
        assertThat(byName.get("x").get("forest").asDouble()).isGreaterThan(byName.get("noise").get("forest").asDouble());
        assertThat(byName.get("opt").get("spearman").isNull()).isTrue();
    }

    @Test
    void bayes_search_homes_in_on_the_optimum_of_a_mixed_space() {
        var sweepId = createSweep("""
                {"method":"bayes","metric":{"name":"loss","goal":"minimize"},"seed":5,
                 "parameters":{"x":{"min":0.0,"max":1},"opt":{"values":["good","bad"]},
                               "n":{"distribution":"int_uniform","min":1,"max":9},
                               "lr":{"distribution":"log_uniform","min":1e-4,"max":1}}}""").get("sweep_id").asText();
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 20; i++) {
            var trial = next(sweepId).body();
            var config = trial.get("config");
            double lr = config.get("lr").asDouble();
            assertThat(lr).isBetween(1e-4, 1.0);
            double loss = Math.pow(config.get("x").asDouble() - 0.3, 2) + (config.get("opt").asText().equals("bad") ? 1 : 0)
                    + 0.01 * Math.abs(config.get("n").asInt() - 4) + 0.01 * Math.abs(Math.log10(lr) + 2);
            best = Math.min(best, loss);
            finish(trial.get("run_id").asText(), loss);
        }
        assertThat(best).isLessThan(0.02);
    }
}
