package dev.sextant.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ADR 0018: a body field the native API does not declare is a 400 INVALID_PARAMETER_VALUE naming the operation, the
 * field's JSON path and, where obvious, what to send instead; and the request changed nothing. One test a route
 * family, top level and nested. MLflow's routes stay as lenient as MLflow's own server.
 */
class UnknownFieldApiTest extends ApiTestBase {
    private static final String INVALID = "INVALID_PARAMETER_VALUE";

    @Test
    void creating_a_run_with_mlflows_words_is_refused_naming_the_field_and_creates_nothing() {
        var response = api.post("/api/v1/runs", "{\"experiment_name\":\"fresh\",\"run_name\":\"x\",\"params\":{\"lr\":0.1}}");

        assertError(response, 400, INVALID, "runs.create: unknown field 'run_name' (use 'name')");
        assertThat(api.get("/api/v1/experiments/by-name?name=fresh").status()).isEqualTo(404);
        assertThat(searchAll().size()).isZero();
        assertError(api.post("/api/v1/runs", "{\"params\":{\"lr\":0.1}}"), 400, INVALID,
                "runs.create: unknown field 'params' (use 'config', a JSON object)");
        assertError(api.post("/api/v1/runs", "{\"experiment\":\"mnist\"}"), 400, INVALID,
                "runs.create: unknown field 'experiment' (use 'experiment_id', or 'experiment_name' for a name)");
        assertThat(searchAll().size()).isZero();
    }

    @Test
    void a_field_without_an_obvious_alias_is_refused_with_the_fields_the_object_takes() {
        assertError(api.post("/api/v1/runs", "{\"colour\":\"red\"}"), 400, INVALID,
                "runs.create: unknown field 'colour'; expected one of: config, experiment_id, experiment_name, name, "
                        + "parent_run_id, run_id, start_time_ms, tags, user");
        assertError(api.post("/api/v1/runs", "{\"startTimeMs\":5}"), 400, INVALID,
                "runs.create: unknown field 'startTimeMs' (use 'start_time_ms')");
        assertError(api.post("/api/v1/runs", "{\"start_time\":5}"), 400, INVALID,
                "runs.create: unknown field 'start_time' (use 'start_time_ms')");
        assertThat(searchAll().size()).isZero();
    }

    @Test
    void a_runs_config_and_tags_stay_free_form_objects_of_the_users_own_keys() {
        var run = createRun(Map.of("experiment_name", "exp", "config", Map.of("run_name", "kept", "params", Map.of("x", 1)),
                "tags", Map.of("experiment", "a tag")));

        assertThat(run.path("params").path("run_name").asText()).isEqualTo("kept");
        assertThat(run.path("params").path("params.x").asText()).isEqualTo("1");
        assertThat(run.path("tags").path("experiment").asText()).isEqualTo("a tag");
    }

    @Test
    void run_updates_config_tags_and_searches_with_unknown_fields_change_nothing() {
        var runId = newRun();
        String path = "/api/v1/runs/" + runId;

        assertError(api.patch(path, "{\"status\":\"FINISHED\",\"end_time\":5}"), 400, INVALID,
                "runs.update: unknown field 'end_time' (use 'end_time_ms')");
        assertError(api.patch(path, "{\"name\":\"n\",\"description\":\"d\"}"), 400, INVALID,
                "runs.update: unknown field 'description' (use 'notes')");
        assertError(api.post(path + "/config", "{\"config\":{\"lr\":1},\"params\":{\"lr\":1}}"), 400, INVALID,
                "runs.log_config: unknown field 'params' (use 'config', a JSON object)");
        assertError(api.put(path + "/tags", "{\"tags\":{\"a\":\"b\"},\"tag\":{\"c\":\"d\"}}"), 400, INVALID,
                "runs.set_tags: unknown field 'tag' (use 'tags')");
        assertError(api.post("/api/v1/runs/search", "{\"filter_string\":\"params.lr = '1'\"}"), 400, INVALID,
                "runs.search: unknown field 'filter_string' (use 'filter')");
        assertError(api.post("/api/v1/runs/search", "{\"experiment_id\":\"0\"}"), 400, INVALID,
                "runs.search: unknown field 'experiment_id' (use 'experiment_ids')");

        JsonNode run = api.get(path).body();
        assertThat(run.path("status").asText()).isEqualTo("RUNNING");
        assertThat(run.path("name").asText()).isNotEqualTo("n");
        assertThat(run.path("params").size()).isZero();
        assertThat(run.path("tags").has("a")).isFalse();
    }

    @Test
    void a_dataset_input_with_an_unknown_nested_field_is_refused_by_its_path_and_logs_nothing() {
        var runId = newRun();
        String path = "/api/v1/runs/" + runId + "/inputs";
        String dataset = "{\"name\":\"mnist\",\"digest\":\"d1\",\"source_type\":\"local\",\"source\":\"/data\"";

        assertError(api.post(path, "{\"inputs\":[{\"dataset\":" + dataset + "}},{\"dataset\":" + dataset + ",\"uri\":\"/x\"}}]}"),
                400, INVALID, "runs.log_inputs: unknown field 'inputs[1].dataset.uri' (use 'source')");
        assertError(api.post(path, "{\"inputs\":[{\"dataset\":" + dataset + "},\"context\":\"train\"}]}"), 400, INVALID,
                "runs.log_inputs: unknown field 'inputs[0].context' (use 'tags' {\"mlflow.data.context\": ...})");
        assertError(api.post(path, "{\"datasets\":[]}"), 400, INVALID, "runs.log_inputs: unknown field 'datasets' (use 'inputs')");

        assertThat(api.get("/api/v1/runs/" + runId).body().path("inputs").size()).isZero();
    }

    @Test
    void a_metric_batch_with_an_unknown_field_in_a_point_or_at_the_top_stores_no_point() {
        var runId = newRun();

        assertError(logPoints(runId, "[{\"key\":\"loss\",\"value\":1,\"step\":0},{\"key\":\"loss\",\"val\":2,\"step\":1}]"),
                400, INVALID, "metrics.log: unknown field 'metrics[1].val'; expected one of: key, step, timestamp_ms, value");
        assertError(logPoints(runId, "[{\"name\":\"loss\",\"value\":2}]"), 400, INVALID,
                "metrics.log: unknown field 'metrics[0].name' (use 'key')");
        assertError(api.post("/api/v1/runs/" + runId + "/metrics", "{\"metrics\":[{\"key\":\"loss\",\"value\":1}],\"run_id\":\"" + runId + "\"}"),
                400, INVALID, "metrics.log: unknown field 'run_id' (the run is the one in the path)");
        assertError(api.post("/api/v1/runs/" + runId + "/metrics", "{\"points\":[],\"params\":{\"a\":\"1\"}}"), 400, INVALID,
                "metrics.log: unknown field 'points' (use 'metrics')");

        JsonNode run = api.get("/api/v1/runs/" + runId).body();
        assertThat(run.path("metrics").size()).isZero();
        assertThat(run.path("params").size()).isZero();
        assertThat(api.get("/api/v1/runs/" + runId + "/metrics/loss?raw=true").body().path("points").size()).isZero();
    }

    @Test
    void the_timestamp_spelling_the_batch_reader_always_read_is_still_read() {
        var runId = newRun();

        var response = logPoints(runId, "[{\"key\":\"loss\",\"value\":1,\"step\":0,\"timestamp\":1234}]");

        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        var points = api.get("/api/v1/runs/" + runId + "/metrics/loss?raw=true").body().path("points");
        assertThat(points.get(0).path("timestamp_ms").asLong()).isEqualTo(1234);
    }

    @Test
    void metric_queries_and_groups_with_unknown_fields_are_refused() {
        var runId = newRun();

        assertError(api.post("/api/v1/metrics/query", "{\"run_ids\":[\"" + runId + "\"],\"keys\":[\"loss\"],\"from\":3}"), 400,
                INVALID, "metrics.query: unknown field 'from' (use 'from_step')");
        assertError(api.post("/api/v1/metrics/groups", "{\"run_ids\":[\"" + runId + "\"],\"metric_key\":\"loss\"}"), 400,
                INVALID, "metrics.groups: unknown field 'metric_key' (use 'key')");
    }

    @Test
    void experiment_writes_with_unknown_fields_change_nothing() {
        assertError(api.post("/api/v1/experiments", "{\"name\":\"e1\",\"artifact_location\":\"s3://x\"}"), 400, INVALID,
                "experiments.create: unknown field 'artifact_location'; expected one of: description, name, tags");
        assertThat(api.get("/api/v1/experiments/by-name?name=e1").status()).isEqualTo(404);

        var id = api.post("/api/v1/experiments", "{\"name\":\"e2\"}").body().path("experiment_id").asText();
        assertError(api.patch("/api/v1/experiments/" + id, "{\"new_name\":\"e3\"}"), 400, INVALID,
                "experiments.update: unknown field 'new_name' (use 'name')");
        assertError(api.put("/api/v1/experiments/" + id + "/tags", "{\"tags\":{\"a\":\"b\"},\"tagz\":{}}"), 400, INVALID,
                "experiments.set_tags: unknown field 'tagz'");

        JsonNode experiment = api.get("/api/v1/experiments/" + id).body();
        assertThat(experiment.path("name").asText()).isEqualTo("e2");
        assertThat(experiment.path("tags").has("a")).isFalse();
    }

    @Test
    void saved_views_with_unknown_fields_change_nothing() {
        String views = "/api/v1/experiments/0/views";

        assertError(api.post(views, "{\"name\":\"v\",\"state\":{\"any\":\"thing\"},\"default\":true}"), 400, INVALID,
                "views.create: unknown field 'default' (use 'is_default')");
        assertThat(api.get(views).body().path("views").size()).isZero();

        var viewId = api.post(views, "{\"name\":\"v\",\"state\":{\"any\":\"thing\"}}").body().path("view_id").asText();
        assertError(api.put(views + "/" + viewId, "{\"name\":\"w\",\"isDefault\":true}"), 400, INVALID,
                "views.update: unknown field 'isDefault' (use 'is_default')");
        JsonNode view = api.get(views + "/" + viewId).body();
        assertThat(view.path("name").asText()).isEqualTo("v");
        assertThat(view.path("is_default").asBoolean()).isFalse();
    }

    @Test
    void a_sweep_definition_sent_at_the_top_level_is_refused_and_creates_no_sweep() {
        assertError(api.post("/api/v1/sweeps", "{\"experiment_id\":\"0\",\"method\":\"grid\",\"parameters\":{\"lr\":{\"values\":[1]}}}"),
                400, INVALID, "sweeps.create: unknown field 'method' (the sweep definition goes inside 'config')");

        assertThat(api.get("/api/v1/sweeps?experiment_id=0").body().path("sweeps").size()).isZero();
    }

    @Test
    void mlflow_routes_ignore_unknown_fields_as_mlflows_own_server_does() {
        for (String prefix : new String[] {"/api/2.0/mlflow", "/ajax-api/2.0/mlflow"}) {
            var created = api.post(prefix + "/runs/create", "{\"experiment_id\":\"0\",\"run_name\":\"m\",\"not_in_mlflow\":1}");
            assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
            String runId = created.body().path("run").path("info").path("run_id").asText();

            var logged = api.post(prefix + "/runs/log-batch", "{\"run_id\":\"" + runId + "\",\"unknown\":true,"
                    + "\"metrics\":[{\"key\":\"loss\",\"value\":1,\"timestamp\":1,\"step\":0,\"extra\":\"x\"}]}");
            assertThat(logged.status()).as(logged.body().toString()).isEqualTo(200);
            assertThat(api.get("/api/v1/runs/" + runId).body().path("metrics").path("loss").path("count").asLong()).isEqualTo(1);
        }
    }

    private JsonNode searchAll() {
        var response = api.post("/api/v1/runs/search", "{\"view\":\"all\"}");
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body().path("runs");
    }
}
