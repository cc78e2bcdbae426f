package dev.sextant.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every filter operator end to end: the search language through HTTP into SQL and back. */
class SearchFilterApiTest extends ApiTestBase {

    @BeforeEach
    void fourRuns() {
        run("a", "0.01", "adam", 0.9, "vision", 1_000);
        run("b", "0.1", "sgd", 0.5, "vision", 2_000);
        run("c", "0.001", "AdamW", 0.2, "speech", 3_000);
        var d = run("d", "0.1", "sgd", Double.NaN, "speech", 4_000);
        api.patch("/api/v1/runs/" + d, "{\"status\":\"FINISHED\"}");
    }

    private String run(String name, String lr, String optimizer, double loss, String team, long start) {
        var runId = createRun(Map.of("experiment_name", "sweep", "name", name, "start_time_ms", start,
                "config", Map.of("lr", lr, "optimizer", Map.of("name", optimizer)), "tags", Map.of("team", team)))
                .get("run_id").asText();
        if (!Double.isNaN(loss)) logPoints(runId, "[{\"key\":\"val/loss\",\"value\":" + loss + ",\"step\":1}]");
        return runId;
    }

    private List<String> names(String filter, String... orderBy) {
        var response = api.post("/api/v1/runs/search", api.json(Map.of("filter", filter, "order_by", List.of(orderBy))));
        assertThat(response.status()).as(filter + " → " + response.body()).isEqualTo(200);
        var names = new ArrayList<String>();
        response.body().get("runs").forEach(run -> names.add(run.get("name").asText()));
        return names;
    }

    @Test
    void metric_comparisons_use_the_latest_value() {
        assertThat(names("metrics.`val/loss` < 0.5")).containsExactlyInAnyOrder("c");
        assertThat(names("metrics.`val/loss` <= 0.5")).containsExactlyInAnyOrder("b", "c");
        assertThat(names("metrics.`val/loss` > 0.5")).containsExactlyInAnyOrder("a");
        assertThat(names("metrics.`val/loss` >= 0.5")).containsExactlyInAnyOrder("a", "b");
        assertThat(names("metrics.`val/loss` = 0.2")).containsExactlyInAnyOrder("c");
        assertThat(names("metrics.`val/loss` != 0.2")).as("runs without the metric never match").containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void params_compare_as_strings_with_like_and_ilike() {
        assertThat(names("params.lr = '0.1'")).containsExactlyInAnyOrder("b", "d");
        assertThat(names("params.lr != '0.1'")).containsExactlyInAnyOrder("a", "c");
        assertThat(names("params.`optimizer.name` LIKE 'Adam%'")).containsExactlyInAnyOrder("c");
        assertThat(names("params.`optimizer.name` ILIKE 'adam%'")).containsExactlyInAnyOrder("a", "c");
        assertError(api.post("/api/v1/runs/search", "{\"filter\":\"params.lr IN ('0.1')\"}"), 400,
                "INVALID_PARAMETER_VALUE", "not allowed for param");
    }

    @Test
    void tags_and_attributes_combine_with_and() {
        assertThat(names("tags.team = 'speech'")).containsExactlyInAnyOrder("c", "d");
        assertThat(names("tags.team LIKE 'vis%' and params.lr = '0.1'")).containsExactlyInAnyOrder("b");
        assertThat(names("attributes.status = 'FINISHED'")).containsExactlyInAnyOrder("d");
        assertThat(names("attributes.run_name = 'b'")).containsExactlyInAnyOrder("b");
        assertThat(names("attributes.status != 'FINISHED'")).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(names("attributes.run_name ILIKE 'B'")).containsExactlyInAnyOrder("b");
        assertThat(names("attributes.start_time > 2500")).containsExactlyInAnyOrder("c", "d");
    }

    @Test
    void run_ids_can_be_listed_with_in_and_not_in() {
        var ids = new ArrayList<String>();
        api.post("/api/v1/runs/search", "{\"order_by\":[\"attributes.start_time ASC\"]}").body().get("runs")
                .forEach(run -> ids.add(run.get("run_id").asText()));
        assertThat(names("attributes.run_id IN ('" + ids.get(0) + "', '" + ids.get(2) + "')")).containsExactlyInAnyOrder("a", "c");
        assertThat(names("attributes.run_id NOT IN ('" + ids.get(0) + "')")).containsExactlyInAnyOrder("b", "c", "d");
    }

    @Test
    void order_by_sorts_with_missing_values_last() {
        assertThat(names("", "metrics.`val/loss` ASC")).containsExactly("c", "b", "a", "d");
        assertThat(names("", "metrics.`val/loss` DESC")).containsExactly("a", "b", "c", "d");
        assertThat(names("", "attributes.start_time ASC")).containsExactly("a", "b", "c", "d");
        assertThat(names("params.lr = '0.1'", "params.`optimizer.name` DESC", "attributes.start_time DESC"))
                .containsExactly("d", "b");
    }

    @Test
    void a_bad_filter_is_a_400_that_points_at_the_problem() {
        assertError(api.post("/api/v1/runs/search", "{\"filter\":\"metrics.loss <<< 1\"}"), 400,
                "INVALID_PARAMETER_VALUE", "position");
        assertError(api.post("/api/v1/runs/search", "{\"filter\":\"metrics.loss < 1 or params.a = 'b'\"}"), 400,
                "INVALID_PARAMETER_VALUE", "filter");
        assertError(api.post("/api/v1/runs/search", "{\"filter\":\"params.lr = '0.1'; DROP TABLE runs\"}"), 400,
                "INVALID_PARAMETER_VALUE", "filter");
        assertThat(names("params.lr = '0.1'")).as("the SQL-looking filter changed nothing").hasSize(2);
    }
}
