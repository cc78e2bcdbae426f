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

    private static Route post(String path) {
        return new Route(HandlerType.POST, path, ctx -> { }, Route.Body.JSON, Access.WRITE);
    }

    @org.junit.jupiter.api.Test
    void frequent_routes_go_first_but_never_ahead_of_a_route_that_may_match_their_paths() {
        var routes = List.of(post("/a/search"), post("/a/{id}/restore"), post("/b/{name}"), post("/a/{id}/metrics"),
                new Route(HandlerType.GET, "/a/{id}/metrics", ctx -> { }, Route.Body.NONE, Access.READ),
                post("/b/log"), post("/c/log-metric"), post("/c/<rest>"));
        var frequent = java.util.Set.of("/a/{id}/metrics", "/b/log", "/c/log-metric");
        var order = new RouteTemplates(routes, route -> route.method() == HandlerType.POST && frequent.contains(route.path()))
                .matchingOrder();
        assertThat(order.stream().map(route -> route.method() + " " + route.path())).containsExactly(
                "POST /a/{id}/metrics", "POST /a/search", "POST /a/{id}/restore", "POST /b/{name}", "POST /b/log",
                "POST /c/log-metric", "GET /a/{id}/metrics", "POST /c/<rest>");
        assertThat(new RouteTemplates(routes).matchingOrder()).isEqualTo(routes);
    }

    @ParameterizedTest
    @CsvSource({
            "/a/{id}/metrics, /a/search, false",
            "/a/{id}/metrics, /a/{id}/restore, false",
            "/a/{id}/metrics, /a/x/metrics, true",
            "/b/{name}, /b/log, true",
            "/b/{name}, /b/log/, true",
            "/b/{name}, /b, false",
            "/c/<rest>, /c/log-metric, true",
            "/c/<rest>, /d/log-metric, false",
            "/c/<rest>/x, /c, true",
            "/c/*, /c/a/b, true",
            "/api/v1/runs, /api/v1/runs/{run_id}/metrics, false"})
    void two_templates_may_share_a_path_unless_a_literal_segment_or_the_segment_count_tells_them_apart(
            String first, String second, boolean shared) {
        assertThat(MatchingOrder.mayShareAPath(first, second)).isEqualTo(shared);
        assertThat(MatchingOrder.mayShareAPath(second, first)).isEqualTo(shared);
    }
}
