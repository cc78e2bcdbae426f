package dev.sextant.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.auth.Access;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTemplatesTest {
    private static final RouteTemplates TEMPLATES = new RouteTemplates(List.of(
            new Route(HandlerType.POST, "/api/v1/runs/search", ctx -> { }, Route.Body.JSON, Access.READ),
            new Route(HandlerType.GET, "/api/v1/runs/{run_id}", ctx -> { }, Route.Body.NONE, Access.READ),
            new Route(HandlerType.GET, "/api/v1/runs/{run_id}/artifacts/<path>", ctx -> { }, Route.Body.NONE, Access.READ),
            new Route(HandlerType.PUT, "/api/v1/runs/{run_id}/artifacts/<path>", ctx -> { },
                    Route.Body.ARTIFACT_UPLOAD, Access.WRITE)));

    @ParameterizedTest
    @CsvSource({
            "GET, /api/v1/runs/0a1b, /api/v1/runs/{run_id}",
            "GET, /api/v1/runs/0a1b/, /api/v1/runs/{run_id}",
            "HEAD, /api/v1/runs/0a1b, /api/v1/runs/{run_id}",
            "POST, /api/v1/runs/search, /api/v1/runs/search",
            "PUT, /api/v1/runs/0a1b/artifacts/model/weights.bin, /api/v1/runs/{run_id}/artifacts/<path>",
            "GET, /api/v1/runs/0a1b/artifacts/a/b/c.txt, /api/v1/runs/{run_id}/artifacts/<path>"})
    void a_path_gets_the_template_of_the_first_route_that_matches_it(String method, String path, String template) {
        assertThat(TEMPLATES.find(method, path).path()).isEqualTo(template);
    }

    @ParameterizedTest
    @CsvSource({"GET, /api/v1/runs", "DELETE, /api/v1/runs/0a1b", "GET, /api/v1/runs/0a1b/extra", "POST, /etc/passwd"})
    void a_path_no_route_matches_has_no_template(String method, String path) {
        assertThat(TEMPLATES.find(method, path)).isNull();
    }

    @org.junit.jupiter.api.Test
    void a_path_gets_the_raw_values_of_its_routes_parameters_by_name() {
        assertThat(TEMPLATES.parameters("GET", "/api/v1/runs/0a1b/artifacts/a/b%u0041.txt/"))
                .containsExactly(Map.entry("run_id", "0a1b"), Map.entry("path", "a/b%u0041.txt"));
        assertThat(TEMPLATES.parameters("POST", "/api/v1/runs/search")).isEmpty();
        assertThat(TEMPLATES.parameters("DELETE", "/api/v1/runs/0a1b")).isEmpty();
    }
}
