package dev.sextant.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunApiTest extends ApiTestBase {

    @Test
    void a_run_is_created_in_a_named_experiment_with_nested_config_and_tags() {
        var run = createRun(Map.of("experiment_name", "mnist", "name", "baseline",
                "config", Map.of("lr", 0.01, "model", Map.of("layers", 4, "act", "relu")), "tags", Map.of("team", "x")));
        assertThat(run.get("run_id").asText()).matches("[0-9a-f]{32}");
        assertThat(run.get("name").asText()).isEqualTo("baseline");
        assertThat(run.get("status").asText()).isEqualTo("RUNNING");
        assertThat(run.get("config").get("model").get("layers").asInt()).isEqualTo(4);
        assertThat(run.get("config").get("lr").asDouble()).isEqualTo(0.01);
        assertThat(run.get("params").get("model.act").asText()).isEqualTo("relu");
        assertThat(run.get("tags").get("team").asText()).isEqualTo("x");
        var experiment = api.get("/api/v1/experiments/by-name?name=mnist").body();
        assertThat(run.get("experiment_id").asText()).isEqualTo(experiment.get("experiment_id").asText());
    }

    @Test
    void config_numbers_are_stored_as_python_writes_them_and_found_by_that_text() {
        var run = createRun(Map.of("name", "small-lr", "config", Map.of("lr", 0.0001, "wd", 1e-5, "epochs", 3, "scale", 2.0)));
        assertThat(run.get("params").get("lr").asText()).isEqualTo("0.0001");
        assertThat(run.get("params").get("wd").asText()).isEqualTo("1e-05");
        assertThat(run.get("params").get("epochs").asText()).isEqualTo("3");
        assertThat(run.get("params").get("scale").asText()).isEqualTo("2.0");
        assertThat(run.get("config").get("lr").isNumber()).isTrue();
        assertThat(run.get("config").get("lr").asDouble()).isEqualTo(0.0001);
        var found = api.post("/api/v1/runs/search", api.json(Map.of(
                "experiment_ids", List.of(run.get("experiment_id").asText()), "filter", "params.lr = '0.0001'")));
        assertThat(found.body().get("runs")).hasSize(1);
    }

    @Test
    void a_config_number_stored_in_the_older_java_form_is_the_same_value_when_a_run_resumes() {
        var runId = createRun(Map.of("config", Map.of("epochs", 3))).get("run_id").asText();
        // What servers before this change stored for {"lr": 0.0001}, written here through MLflow's route.
        assertThat(api.post("/api/2.0/mlflow/runs/log-parameter",
                api.json(Map.of("run_id", runId, "key", "lr", "value", "1.0E-4"))).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/runs/" + runId + "/config", "{\"config\":{\"lr\":0.0001}}").status()).isEqualTo(200);
        assertThat(api.post("/api/v1/runs/" + runId + "/config", "{\"config\":{\"lr\":0.001}}").status()).isEqualTo(400);
    }

    @Test
    void an_empty_config_and_an_empty_nested_section_are_accepted() {
        assertThat(createRun(Map.of("config", Map.of())).get("params")).isEmpty();
        var run = createRun(Map.of("config", Map.of("optimizer", Map.of(), "lr", 1)));
        assertThat(run.get("params").get("optimizer").asText()).isEqualTo("{}");
        assertThat(run.get("params").get("lr").asText()).isEqualTo("1");
    }

    @Test
    void a_run_without_a_name_gets_a_memorable_one_and_goes_to_default() {
        var run = createRun(Map.of());
        assertThat(run.get("name").asText()).matches("[a-z]+-[a-z]+-\\d+");
        assertThat(run.get("experiment_id").asText()).isEqualTo("0");
    }

    @Test
    void config_merges_the_same_value_is_a_no_op_and_a_change_is_refused_without_effect() {
        var runId = createRun(Map.of("config", Map.of("lr", 0.01))).get("run_id").asText();
        assertThat(api.post("/api/v1/runs/" + runId + "/config", "{\"config\":{\"lr\":0.01,\"epochs\":3}}").status())
                .isEqualTo(200);
        assertError(api.post("/api/v1/runs/" + runId + "/config", "{\"config\":{\"lr\":0.1,\"batch\":64}}"),
                400, "INVALID_PARAMETER_VALUE", "'lr'");
        var params = api.get("/api/v1/runs/" + runId).body().get("params");
        assertThat(params.get("lr").asText()).isEqualTo("0.01");
        assertThat(params.get("epochs").asText()).isEqualTo("3");
        assertThat(params.has("batch")).as("a rejected request changes nothing").isFalse();
    }

    @Test
    void datasets_a_run_read_are_recorded_once_and_bad_ones_are_refused_without_effect() {
        var runId = newRun();
        var body = """
                {"inputs":[{"dataset":{"name":"imagenet-subset","digest":"9f2c1a","source_type":"local",
                  "source":"/data/imagenet"},"tags":{"mlflow.data.context":"train"}}]}""";
        var run = api.post("/api/v1/runs/" + runId + "/inputs", body).body();
        assertThat(api.post("/api/v1/runs/" + runId + "/inputs", body).status()).isEqualTo(200); // a re-send
        var inputs = api.get("/api/v1/runs/" + runId).body().get("inputs");
        assertThat(inputs).hasSize(1).isEqualTo(run.get("inputs"));
        assertThat(inputs.get(0).get("dataset").get("source_type").asText()).isEqualTo("local");
        assertThat(inputs.get(0).get("tags").get("mlflow.data.context").asText()).isEqualTo("train");
        assertThat(api.post("/api/v1/runs/search", "{\"filter\":\"datasets.context = 'train'\"}").body().get("runs"))
                .extracting(r -> r.get("run_id").asText()).contains(runId);

        assertError(api.post("/api/v1/runs/" + runId + "/inputs", "{\"inputs\":[{\"dataset\":{\"name\":\"x\",\"digest\":\""
                + "d".repeat(37) + "\",\"source_type\":\"local\",\"source\":\"s\"}}]}"), 400, "INVALID_PARAMETER_VALUE",
                "inputs[0].dataset.digest must be at most 36");
        assertError(api.post("/api/v1/runs/" + runId + "/inputs", "{\"inputs\":[{\"tags\":{}}]}"),
                400, "INVALID_PARAMETER_VALUE", "inputs[0].dataset");
        assertError(api.post("/api/v1/runs/" + runId + "/inputs", body.replace("\"train\"", "null")),
                400, "INVALID_PARAMETER_VALUE", "inputs[0].tags['mlflow.data.context'] must be a string");
        assertError(api.post("/api/v1/runs/" + runId + "/inputs", "{\"inputs\":[{\"dataset\":{\"name\":\"x\"}}]}"),
                400, "INVALID_PARAMETER_VALUE", "digest is required");
        assertError(api.post("/api/v1/runs/" + "0".repeat(32) + "/inputs", body), 404, "RESOURCE_DOES_NOT_EXIST", "run");
        assertThat(api.get("/api/v1/runs/" + runId).body().get("inputs")).hasSize(1);
    }

    @Test
    void finishing_a_run_sets_its_end_time_and_notes_and_names_are_editable() {
        var runId = newRun();
        var updated = api.patch("/api/v1/runs/" + runId, "{\"status\":\"FINISHED\",\"notes\":\"good\",\"name\":\"r2\"}").body();
        assertThat(updated.get("status").asText()).isEqualTo("FINISHED");
        assertThat(updated.get("end_time_ms").asLong()).isGreaterThanOrEqualTo(updated.get("start_time_ms").asLong());
        assertThat(updated.get("notes").asText()).isEqualTo("good");
        assertThat(updated.get("name").asText()).isEqualTo("r2");
        assertError(api.patch("/api/v1/runs/" + runId, "{\"status\":\"DONE\"}"), 400, "INVALID_PARAMETER_VALUE", "DONE");
    }

    @Test
    void a_deleted_run_refuses_writes_until_it_is_restored_but_can_still_be_read() {
        var runId = newRun();
        assertThat(api.delete("/api/v1/runs/" + runId).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/runs/" + runId).body().get("lifecycle_stage").asText()).isEqualTo("deleted");
        assertError(logPoints(runId, "[{\"key\":\"loss\",\"value\":1}]"), 400, "INVALID_PARAMETER_VALUE", "deleted");
        assertError(api.put("/api/v1/runs/" + runId + "/tags", "{\"tags\":{\"a\":\"b\"}}"), 400, "INVALID_PARAMETER_VALUE", "deleted");

        api.post("/api/v1/runs/" + runId + "/restore", "");
        assertThat(logPoints(runId, "[{\"key\":\"loss\",\"value\":1}]").status()).isEqualTo(200);
    }

    @Test
    void tags_are_set_overwritten_and_deleted() {
        var runId = newRun();
        api.put("/api/v1/runs/" + runId + "/tags", "{\"tags\":{\"a\":\"1\",\"b\":\"2\"}}");
        api.put("/api/v1/runs/" + runId + "/tags", "{\"tags\":{\"a\":\"3\"}}");
        assertThat(api.delete("/api/v1/runs/" + runId + "/tags/b").status()).isEqualTo(204);
        var tags = api.get("/api/v1/runs/" + runId).body().get("tags");
        assertThat(tags.get("a").asText()).isEqualTo("3");
        assertThat(tags.has("b")).isFalse();
        assertError(api.delete("/api/v1/runs/" + runId + "/tags/b"), 404, "RESOURCE_DOES_NOT_EXIST", "'b'");
    }

    @Test
    void a_client_chosen_run_id_makes_a_retried_create_idempotent() {
        var id = "0123456789abcdef0123456789abcdef";
        var first = createRun(Map.of("run_id", id, "experiment_name", "e", "name", "once"));
        var second = api.post("/api/v1/runs", api.json(Map.of("run_id", id, "experiment_name", "e", "name", "once")));
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.body().get("run_id").asText()).isEqualTo(first.get("run_id").asText());
        var search = api.post("/api/v1/runs/search", "{}").body().get("runs");
        assertThat(search).hasSize(1);
        assertError(api.post("/api/v1/runs", api.json(Map.of("run_id", "XYZ"))), 400, "INVALID_PARAMETER_VALUE", "run_id");
    }

    @Test
    void nested_runs_point_at_an_existing_parent() {
        var parent = newRun();
        var child = createRun(Map.of("parent_run_id", parent));
        assertThat(child.get("parent_run_id").asText()).isEqualTo(parent);
        assertError(api.post("/api/v1/runs", api.json(Map.of("parent_run_id", "ffffffffffffffffffffffffffffffff"))),
                404, "RESOURCE_DOES_NOT_EXIST", "parent run");
    }

    @Test
    void bad_run_requests_are_clear_4xx_errors() {
        assertError(api.get("/api/v1/runs/ffffffffffffffffffffffffffffffff"), 404, "RESOURCE_DOES_NOT_EXIST", "run");
        assertError(api.get("/api/v1/runs/zzz"), 404, "RESOURCE_DOES_NOT_EXIST", "zzz");
        assertError(api.post("/api/v1/runs", "{\"experiment_id\":\"999\"}"), 404, "RESOURCE_DOES_NOT_EXIST", "999");
        assertError(api.post("/api/v1/runs", "{\"config\":[1,2]}"), 400, "INVALID_PARAMETER_VALUE", "config");
        assertError(api.post("/api/v1/runs", "{\"tags\":{\"bad key!\":\"v\"}}"), 400, "INVALID_PARAMETER_VALUE", "bad key!");
        assertError(api.post("/api/v1/runs", "not json"), 400, "INVALID_PARAMETER_VALUE", "malformed JSON");
        assertError(api.post("/api/v1/runs", api.json(Map.of("config", Map.of("k".repeat(251), 1)))),
                400, "INVALID_PARAMETER_VALUE", "at most 250");
        assertThat(api.post("/api/v1/runs/search", "{}").body().get("runs")).as("nothing was created").isEmpty();
    }
}
