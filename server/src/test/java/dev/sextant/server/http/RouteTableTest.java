package dev.sextant.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import dev.sextant.server.api.AccessFilter;
import dev.sextant.server.auth.Access;
import dev.sextant.server.service.Limits;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The route table of both APIs, as the server registers it, is the one source of each route's access and body limit. */
class RouteTableTest {
    @TempDir static Path dir;
    static Server server;
    static RouteTemplates table;

    @BeforeAll
    static void start() {
        server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dir));
        table = new RouteTemplates(server.allRoutes());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static List<String> routes(Predicate<Route> which) {
        return server.allRoutes().stream().filter(which).map(route -> route.method() + " " + route.path()).toList();
    }

    @Test
    void a_route_cannot_leave_out_its_body_kind_or_access() {
        assertThatThrownBy(() -> new Route(io.javalin.http.HandlerType.GET, "/x", ctx -> { }, null, Access.READ))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("body");
        assertThatThrownBy(() -> new Route(io.javalin.http.HandlerType.GET, "/x", ctx -> { }, Route.Body.NONE, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("access");
        assertThat(server.allRoutes()).hasSizeGreaterThan(300)
                .allSatisfy(route -> assertThat(route.body()).isNotNull())
                .allSatisfy(route -> assertThat(route.access()).isNotNull());
    }

    private static final Set<String> READING = Set.of("GET", "HEAD");

    @Test
    void reading_methods_read_no_body_and_never_need_write() {
        assertThat(routes(route -> READING.contains(route.method().name()) && (route.body() != Route.Body.NONE
                || route.access() == Access.WRITE))).isEmpty();
    }

    @Test
    void javalin_is_given_the_per_point_routes_first_and_every_path_reaches_the_route_it_reaches_in_table_order() {
        var given = server.matchingOrder();
        assertThat(given).containsExactlyInAnyOrderElementsOf(server.allRoutes());
        assertThat(given.stream().filter(route -> route.method() == io.javalin.http.HandlerType.POST).limit(5)
                .map(route -> route.method() + " " + route.path())).containsExactly(
                "POST /api/v1/runs/{run_id}/metrics",
                "POST /api/2.0/mlflow/runs/log-metric", "POST /api/2.0/mlflow/runs/log-batch",
                "POST /ajax-api/2.0/mlflow/runs/log-metric", "POST /ajax-api/2.0/mlflow/runs/log-batch");
        // Probes: every route's own path with sample parameter values, and every literal path (a parameterised route
        // registered earlier may shadow it), asked of each method.
        var probes = new java.util.TreeSet<String>();
        for (var route : server.allRoutes()) {
            probes.add(route.path().replaceAll("\\{[^}]*}", "x1").replaceAll("<[^>]*>", "a/b.txt"));
            probes.add(route.path().replaceAll("\\{[^}]*}", "search").replaceAll("<[^>]*>", "search"));
        }
        var defaults = new io.javalin.config.RouterConfig();
        int compared = 0;
        for (var method : io.javalin.http.HandlerType.values()) {
            for (var path : probes) {
                assertThat(firstMatch(given, method, path, defaults)).as(method + " " + path)
                        .isEqualTo(firstMatch(server.allRoutes(), method, path, defaults));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(1000);
    }

    /** The first route of {@code method} whose path matches, as Javalin's matcher picks it; null when none does. */
    private static Route firstMatch(List<Route> routes, io.javalin.http.HandlerType method, String path,
                                    io.javalin.config.RouterConfig config) {
        for (var route : routes) {
            if (route.method() == method && new io.javalin.router.matcher.PathParser(route.path(), config).matches(path)) return route;
        }
        return null;
    }

    @Test
    void the_only_writing_methods_that_read_are_searches_and_queries() {
        assertThat(routes(route -> !READING.contains(route.method().name()) && route.access() == Access.READ)).containsExactlyInAnyOrder(
                "POST /api/v1/runs/search", "POST /api/v1/metrics/query", "POST /api/v1/metrics/groups",
                "POST /api/2.0/mlflow/experiments/search", "POST /ajax-api/2.0/mlflow/experiments/search",
                "POST /api/2.0/mlflow/runs/search", "POST /ajax-api/2.0/mlflow/runs/search",
                "POST /api/2.0/mlflow/logged-models/search", "POST /ajax-api/2.0/mlflow/logged-models/search",
                "POST /api/2.0/mlflow/registered-models/get-latest-versions",
                "POST /ajax-api/2.0/mlflow/registered-models/get-latest-versions");
    }

    @Test
    void open_and_admin_routes_are_exactly_these() {
        assertThat(routes(route -> route.access() == Access.OPEN)).containsExactlyInAnyOrder(
                "GET /health", "GET /health/live", "GET /health/ready", "GET /metrics",
                "POST /api/v1/auth/login", "POST /api/v1/auth/logout");
        assertThat(routes(route -> route.access() == Access.ADMIN)).containsExactlyInAnyOrder(
                "GET /api/v1/auth/tokens", "POST /api/v1/auth/tokens", "DELETE /api/v1/auth/tokens/{name}");
    }

    @ParameterizedTest(name = "{0} {1} needs {2}")
    @CsvSource({
            "POST, /api/v1/runs/search, READ",
            "POST, /api/v1/runs/search/, READ",
            "POST, /api/v1/metrics/query, READ",
            "POST, /api/2.0/mlflow/runs/search, READ",
            "POST, /ajax-api/2.0/mlflow/experiments/search, READ",
            "POST, /ajax-api/2.0/mlflow/registered-models/get-latest-versions, READ",
            "POST, /api/2.0/mlflow/traces/search, WRITE",
            "GET, /api/2.0/mlflow/traces/tr-1, READ",
            "POST, /api/v1/runs, WRITE",
            "POST, /api/v1/runs/0a1b/metrics, WRITE",
            "GET, /api/v1/runs/0a1b/metrics, READ",
            "HEAD, /api/v1/runs/0a1b, READ",
            "PUT, /api/v1/runs/0a1b/artifacts/a/b.txt, WRITE",
            "HEAD, /api/v1/runs/0a1b/artifacts/a/b.txt, READ",
            "PUT, /api/2.0/mlflow-artifacts/artifacts/1/0a1b/artifacts/x.txt, WRITE",
            "GET, /ajax-api/2.0/mlflow-artifacts/artifacts/1/0a1b/artifacts/x.txt, READ",
            "GET, /api/v1/auth/tokens, ADMIN",
            "POST, /api/v1/auth/tokens, ADMIN",
            "DELETE, /api/v1/auth/tokens/ci, ADMIN",
            "GET, /api/v1/auth/tokens/, ADMIN",
            "GET, //api/v1/auth/tokens, ADMIN",
            "GET, /api/v1/auth/whoami, READ",
            "POST, /api/v1/share, WRITE",
            "GET, /health, OPEN",
            "HEAD, /health, OPEN",
            "GET, /health/live, OPEN",
            "HEAD, /health/ready, OPEN",
            "GET, /metrics, OPEN",
            "POST, /api/v1/auth/login, OPEN",
            "POST, /api/v1/auth/logout, OPEN",
            "GET, /api/v1/openapi.yaml, READ",
            "GET, /login.html, OPEN",
            "GET, /share.html, OPEN",
            "GET, /favicon.ico, OPEN",
            "GET, /js/app.js, OPEN",
            "HEAD, /css/app.css, OPEN",
            "GET, /assets/20261203150000/js/app.js, OPEN",
            "HEAD, /assets/20261203150000/css/app.css, OPEN",
            "HEAD, /login.html, READ",
            "GET, /, READ",
            "GET, /index.html, READ",
            "GET, /webjars/uplot/uPlot.js, READ",
            "GET, /api/v1/nowhere, READ",
            "OPTIONS, /api/v1/runs, READ",
            "DELETE, /nowhere, WRITE",
            "POST, /api/v1/runs/0a1b/nowhere, WRITE"})
    void access_is_the_matched_routes_or_for_no_route_the_ui_rule(String method, String path, Access expected) {
        assertThat(AccessFilter.required(table, method, path)).isEqualTo(expected);
    }

    @Test
    void metric_batches_and_artifact_uploads_are_exactly_these() {
        assertThat(routes(route -> route.body() == Route.Body.METRIC_BATCH)).containsExactly("POST /api/v1/runs/{run_id}/metrics");
        assertThat(routes(route -> route.body() == Route.Body.ARTIFACT_UPLOAD)).containsExactlyInAnyOrder(
                "PUT /api/v1/runs/{run_id}/artifacts/<path>",
                "PUT /api/2.0/mlflow-artifacts/artifacts/<path>", "PUT /ajax-api/2.0/mlflow-artifacts/artifacts/<path>",
                "POST /ajax-api/2.0/mlflow/upload-artifact");
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource({
            "POST, /api/v1/runs/0a1b/metrics, max-metric-body, 2000",
            "POST, /api/v1/runs/0a1b/metrics/, max-metric-body, 2000",
            "GET, /api/v1/runs/0a1b/metrics, max-json-body, 1000",
            "POST, /api/2.0/mlflow/runs/log-batch, max-json-body, 1000",
            "POST, /ajax-api/2.0/mlflow/runs/log-metric, max-json-body, 1000",
            "PUT, /api/v1/runs/0a1b/artifacts/a/b.txt, max-artifact-size, 3000",
            "PUT, /api/2.0/mlflow-artifacts/artifacts/1/0a1b/artifacts/x.txt, max-artifact-size, 3000",
            "PUT, /ajax-api/2.0/mlflow-artifacts/artifacts/1/0a1b/artifacts/x.txt, max-artifact-size, 3000",
            "POST, /ajax-api/2.0/mlflow/upload-artifact, max-artifact-size, 3000",
            "POST, /api/2.0/mlflow-artifacts/mpu/create/1/0a1b/artifacts/x.txt, max-json-body, 1000",
            "DELETE, /api/v1/runs/0a1b/artifacts/a.txt, max-json-body, 1000",
            "POST, /api/v1/runs, max-json-body, 1000",
            "POST, /api/v1/runs/search, max-json-body, 1000",
            "GET, /index.html, max-json-body, 1000",
            "PUT, /api/v1/nowhere, max-json-body, 1000"})
    void the_body_limit_is_the_matched_routes_and_json_for_no_route(String method, String path, String name, long bytes) {
        var filter = new BodyLimitFilter(table, new Limits(1000, 2000, 3000, 10, 250, 8000, 1000));
        var limit = filter.limitFor(method, path);
        assertThat(limit.name()).isEqualTo(name);
        assertThat(limit.bytes()).isEqualTo(bytes);
    }
}
