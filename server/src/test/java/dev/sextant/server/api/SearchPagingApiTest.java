package dev.sextant.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchPagingApiTest extends ApiTestBase {

    @Test
    void paging_through_a_search_returns_each_run_exactly_once() {
        for (int i = 0; i < 57; i++) createRun(Map.of("experiment_name", "paged", "start_time_ms", 1_000 + i % 5));
        var experimentId = api.get("/api/v1/experiments/by-name?name=paged").body().get("experiment_id").asText();
        var seen = new HashSet<String>();
        String token = null;
        do {
            var body = token == null
                    ? api.json(Map.of("experiment_ids", java.util.List.of(experimentId), "max_results", 10))
                    : api.json(Map.of("experiment_ids", java.util.List.of(experimentId), "max_results", 10, "page_token", token));
            var page = api.post("/api/v1/runs/search", body).body();
            for (var run : page.get("runs")) assertThat(seen.add(run.get("run_id").asText())).isTrue();
            token = page.hasNonNull("next_page_token") ? page.get("next_page_token").asText() : null;
        } while (token != null);
        assertThat(seen).hasSize(57);
    }

    @Test
    void search_limits_are_enforced() {
        assertError(api.post("/api/v1/runs/search", "{\"max_results\":0}"), 400, "INVALID_PARAMETER_VALUE", "max_results");
        assertError(api.post("/api/v1/runs/search", "{\"max_results\":50001}"), 400, "INVALID_PARAMETER_VALUE", "50000");
        assertError(api.post("/api/v1/runs/search", "{\"page_token\":\"???\"}"), 400, "INVALID_PARAMETER_VALUE", "page_token");
        assertError(api.post("/api/v1/runs/search", "{\"experiment_ids\":[\"abc\"]}"), 404, "RESOURCE_DOES_NOT_EXIST", "abc");
    }
}
