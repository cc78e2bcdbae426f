package dev.sextant.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ViewApiTest extends ApiTestBase {

    private String experiment() {
        return api.post("/api/v1/experiments", api.json(Map.of("name", "views"))).body().get("experiment_id").asText();
    }

    @Test
    void a_saved_view_comes_back_with_its_state_as_json_and_can_be_renamed_made_default_and_deleted() {
        var experimentId = experiment();
        var base = "/api/v1/experiments/" + experimentId + "/views";
        var state = Map.of("filter", "params.lr = '0.1'", "group_by", List.of("params.lr"), "band", "ci95",
                "panels", List.of(Map.of("keys", List.of("val/acc"), "x", "metric:epoch")));
        var created = api.post(base, api.json(Map.of("name", "by lr", "state", state)));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        var viewId = created.body().get("view_id").asText();
        assertThat(created.body().get("state").get("panels").get(0).get("x").asText()).isEqualTo("metric:epoch");
        assertThat(created.body().get("is_default").asBoolean()).isFalse();

        var updated = api.put(base + "/" + viewId, api.json(Map.of("name", "lr groups", "is_default", true)));
        assertThat(updated.body().get("name").asText()).isEqualTo("lr groups");
        assertThat(updated.body().get("is_default").asBoolean()).isTrue();
        assertThat(updated.body().get("state").get("band").asText()).isEqualTo("ci95");

        var listed = api.get(base).body().get("views");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("view_id").asText()).isEqualTo(viewId);
        assertThat(api.delete(base + "/" + viewId).status()).isEqualTo(204);
        assertThat(api.get(base + "/" + viewId).status()).isEqualTo(404);
    }

    @Test
    void a_taken_name_a_missing_name_and_a_state_that_is_no_object_are_refused() {
        var base = "/api/v1/experiments/" + experiment() + "/views";
        api.post(base, api.json(Map.of("name", "mine", "state", Map.of())));
        assertError(api.post(base, api.json(Map.of("name", "mine", "state", Map.of()))), 409, "RESOURCE_ALREADY_EXISTS", "'mine'");
        assertError(api.post(base, api.json(Map.of("state", Map.of()))), 400, "INVALID_PARAMETER_VALUE", "name is required");
        assertError(api.post(base, api.json(Map.of("name", "list", "state", List.of(1)))), 400, "INVALID_PARAMETER_VALUE", "state must be a JSON object");
        assertError(api.get("/api/v1/experiments/424242/views"), 404, "RESOURCE_DOES_NOT_EXIST", "424242");
    }
}
