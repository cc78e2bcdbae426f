package dev.sextant.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExperimentApiTest extends ApiTestBase {

    @Test
    void the_default_experiment_exists_from_the_start() {
        var response = api.get("/api/v1/experiments/0");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("name").asText()).isEqualTo("Default");
        assertThat(response.body().get("lifecycle_stage").asText()).isEqualTo("active");
    }

    @Test
    void an_experiment_is_created_found_by_name_renamed_and_tagged() {
        var created = api.post("/api/v1/experiments", "{\"name\":\"team/vision\",\"description\":\"d\",\"tags\":{\"owner\":\"ana\"}}");
        assertThat(created.status()).isEqualTo(201);
        var id = created.body().get("experiment_id").asText();
        assertThat(created.body().get("tags").get("owner").asText()).isEqualTo("ana");

        var byName = api.get("/api/v1/experiments/by-name?name=" + URLEncoder.encode("team/vision", StandardCharsets.UTF_8));
        assertThat(byName.body().get("experiment_id").asText()).isEqualTo(id);

        var renamed = api.patch("/api/v1/experiments/" + id, "{\"name\":\"vision\"}");
        assertThat(renamed.body().get("name").asText()).isEqualTo("vision");
        assertThat(renamed.body().get("description").asText()).isEqualTo("d");

        api.put("/api/v1/experiments/" + id + "/tags", "{\"tags\":{\"stage\":\"prod\"}}");
        var tagged = api.get("/api/v1/experiments/" + id).body().get("tags");
        assertThat(tagged.get("stage").asText()).isEqualTo("prod");
        assertThat(tagged.get("owner").asText()).isEqualTo("ana");

        assertThat(api.delete("/api/v1/experiments/" + id + "/tags/owner").status()).isEqualTo(204);
        assertThat(api.get("/api/v1/experiments/" + id).body().get("tags").has("owner")).isFalse();
    }

    @Test
    void the_column_list_names_the_keys_the_experiments_runs_logged_and_is_a_404_for_no_such_experiment() {
        var id = api.post("/api/v1/experiments", "{\"name\":\"cols\"}").body().get("experiment_id").asText();
        var runId = api.post("/api/v1/runs", "{\"experiment_id\":\"" + id + "\",\"config\":{\"lr\":\"0.1\",\"arch\":\"cnn\"},"
                + "\"tags\":{\"team\":\"a\"}}").body().get("run_id").asText();
        api.post("/api/v1/runs/" + runId + "/metrics", "{\"metrics\":[{\"key\":\"loss\",\"value\":1,\"step\":0,\"timestamp_ms\":1}]}");
        api.post("/api/2.0/mlflow/runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"acc\",\"value\":0.5,\"timestamp\":1}");

        var columns = api.get("/api/v1/experiments/" + id + "/columns");

        assertThat(columns.status()).isEqualTo(200);
        assertThat(columns.body().get("params").toString()).isEqualTo("[\"arch\",\"lr\"]");
        assertThat(columns.body().get("metrics").toString()).isEqualTo("[\"acc\",\"loss\"]");
        assertThat(columns.body().get("tags").toString()).contains("\"team\"");
        assertError(api.get("/api/v1/experiments/424242/columns"), 404, "RESOURCE_DOES_NOT_EXIST", "424242");
    }

    @Test
    void a_duplicate_name_is_a_conflict_and_creates_nothing() {
        api.post("/api/v1/experiments", "{\"name\":\"a\"}");
        assertError(api.post("/api/v1/experiments", "{\"name\":\"a\"}"), 409, "RESOURCE_ALREADY_EXISTS", "'a'");
        assertThat(api.get("/api/v1/experiments").body().get("experiments")).hasSize(2);
    }

    @Test
    void a_deleted_experiment_moves_to_the_deleted_view_and_can_be_restored() {
        var id = api.post("/api/v1/experiments", "{\"name\":\"old\"}").body().get("experiment_id").asText();
        assertThat(api.delete("/api/v1/experiments/" + id).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/experiments").body().get("experiments")).hasSize(1);
        assertThat(api.get("/api/v1/experiments?view=deleted").body().get("experiments").get(0).get("name").asText())
                .isEqualTo("old");
        assertError(api.post("/api/v1/runs", "{\"experiment_id\":\"" + id + "\"}"), 400, "INVALID_PARAMETER_VALUE", "deleted");

        api.post("/api/v1/experiments/" + id + "/restore", "");
        assertThat(api.get("/api/v1/experiments?view=all").body().get("experiments")).hasSize(2);
        assertThat(api.post("/api/v1/runs", "{\"experiment_id\":\"" + id + "\"}").status()).isEqualTo(201);
    }

    @Test
    void listing_counts_runs_and_reports_last_activity() {
        createRun(java.util.Map.of("experiment_name", "counted"));
        createRun(java.util.Map.of("experiment_name", "counted"));
        var experiment = api.get("/api/v1/experiments/by-name?name=counted").body();
        assertThat(experiment.get("run_count").asLong()).isEqualTo(2);
        assertThat(experiment.get("last_run_start_time_ms").asLong()).isPositive();
    }

    @Test
    void bad_requests_name_the_problem() {
        assertError(api.get("/api/v1/experiments/42"), 404, "RESOURCE_DOES_NOT_EXIST", "'42'");
        assertError(api.get("/api/v1/experiments/by-name?name=nope"), 404, "RESOURCE_DOES_NOT_EXIST", "nope");
        assertError(api.post("/api/v1/experiments", "{\"name\":\"\"}"), 400, "INVALID_PARAMETER_VALUE", "name");
        assertError(api.post("/api/v1/experiments", "{\"name\":42}"), 400, "INVALID_PARAMETER_VALUE", "name");
        assertError(api.post("/api/v1/experiments", "{\"name\":"), 400, "INVALID_PARAMETER_VALUE", "malformed JSON");
        assertError(api.delete("/api/v1/experiments/0"), 400, "INVALID_PARAMETER_VALUE", "Default");
        assertError(api.get("/api/v1/experiments?view=sideways"), 400, "INVALID_PARAMETER_VALUE", "sideways");
        assertError(api.get("/api/v1/nothing/here"), 404, "ENDPOINT_NOT_FOUND", "/api/v1/nothing/here");
    }
}
