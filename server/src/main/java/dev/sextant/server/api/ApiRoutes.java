package dev.sextant.server.api;

import static dev.sextant.server.auth.Access.ADMIN;
import static dev.sextant.server.auth.Access.OPEN;
import static dev.sextant.server.auth.Access.READ;
import static dev.sextant.server.auth.Access.WRITE;
import static dev.sextant.server.http.Route.Body.ARTIFACT_UPLOAD;
import static dev.sextant.server.http.Route.Body.JSON;
import static dev.sextant.server.http.Route.Body.METRIC_BATCH;
import static dev.sextant.server.http.Route.Body.NONE;
import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.HEAD;
import static io.javalin.http.HandlerType.PATCH;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import dev.sextant.server.http.Route;
import java.util.List;

/**
 * Every route of the native API on one screen: method, path, handler, the body it reads and the access it needs.
 * The OpenAPI test checks this table against openapi.yaml. Searches sent as POST are READ; /health and its probes,
 * login and logout are OPEN; /metrics is OPEN here because it checks its own tokens (MetricsAccess).
 */
public final class ApiRoutes {
    private ApiRoutes() {}

    public static List<Route> routes(SystemHandlers system, ExperimentHandlers experiments, RunHandlers runs,
                                     MetricHandlers metrics, ChartHandlers charts, ArtifactHandlers artifacts,
                                     AuthHandlers auth, SweepHandlers sweeps, ExportHandlers exports, ViewHandlers views) {
        return List.of(
                new Route(GET, "/health", system::health, NONE, OPEN),
                new Route(GET, "/health/live", system::live, NONE, OPEN),
                new Route(GET, "/health/ready", system::ready, NONE, OPEN),
                new Route(GET, "/metrics", system::metrics, NONE, OPEN),
                new Route(GET, "/api/v1/openapi.yaml", system::openApi, NONE, READ),
                new Route(GET, "/api/v1/docs", system::docs, NONE, READ),

                new Route(POST, "/api/v1/experiments", experiments::create, JSON, WRITE),
                new Route(GET, "/api/v1/experiments", experiments::list, NONE, READ),
                new Route(GET, "/api/v1/experiments/by-name", experiments::getByName, NONE, READ),
                new Route(GET, "/api/v1/experiments/{experiment_id}", experiments::get, NONE, READ),
                new Route(GET, "/api/v1/experiments/{experiment_id}/columns", experiments::columns, NONE, READ),
                new Route(PATCH, "/api/v1/experiments/{experiment_id}", experiments::update, JSON, WRITE),
                new Route(DELETE, "/api/v1/experiments/{experiment_id}", experiments::delete, NONE, WRITE),
                new Route(POST, "/api/v1/experiments/{experiment_id}/restore", experiments::restore, NONE, WRITE),
                new Route(PUT, "/api/v1/experiments/{experiment_id}/tags", experiments::setTags, JSON, WRITE),
                new Route(DELETE, "/api/v1/experiments/{experiment_id}/tags/{key}", experiments::deleteTag, NONE, WRITE),
                new Route(GET, "/api/v1/experiments/{experiment_id}/export", exports::export, NONE, READ),

                new Route(GET, "/api/v1/experiments/{experiment_id}/views", views::list, NONE, READ),
                new Route(POST, "/api/v1/experiments/{experiment_id}/views", views::create, JSON, WRITE),
                new Route(GET, "/api/v1/experiments/{experiment_id}/views/{view_id}", views::get, NONE, READ),
                new Route(PUT, "/api/v1/experiments/{experiment_id}/views/{view_id}", views::update, JSON, WRITE),
                new Route(DELETE, "/api/v1/experiments/{experiment_id}/views/{view_id}", views::delete, NONE, WRITE),

                new Route(POST, "/api/v1/runs", runs::create, JSON, WRITE),
                new Route(POST, "/api/v1/runs/search", runs::search, JSON, READ),
                new Route(GET, "/api/v1/runs/{run_id}", runs::get, NONE, READ),
                new Route(PATCH, "/api/v1/runs/{run_id}", runs::update, JSON, WRITE),
                new Route(DELETE, "/api/v1/runs/{run_id}", runs::delete, NONE, WRITE),
                new Route(POST, "/api/v1/runs/{run_id}/restore", runs::restore, NONE, WRITE),
                new Route(POST, "/api/v1/runs/{run_id}/config", runs::logConfig, JSON, WRITE),
                new Route(PUT, "/api/v1/runs/{run_id}/tags", runs::setTags, JSON, WRITE),
                new Route(POST, "/api/v1/runs/{run_id}/inputs", runs::logInputs, JSON, WRITE),
                new Route(DELETE, "/api/v1/runs/{run_id}/tags/{key}", runs::deleteTag, NONE, WRITE),

                new Route(POST, "/api/v1/runs/{run_id}/metrics", metrics::logBatch, METRIC_BATCH, WRITE),
                new Route(GET, "/api/v1/runs/{run_id}/metrics", metrics::list, NONE, READ),
                new Route(GET, "/api/v1/runs/{run_id}/metrics/<key>", metrics::series, NONE, READ),
                new Route(POST, "/api/v1/metrics/query", metrics::query, JSON, READ),
                new Route(POST, "/api/v1/metrics/groups", metrics::groups, JSON, READ),

                new Route(GET, "/api/v1/charts/metric.png", charts::png, NONE, READ),
                new Route(GET, "/api/v1/charts/metric.svg", charts::svg, NONE, READ),

                new Route(GET, "/api/v1/runs/{run_id}/artifacts", artifacts::list, NONE, READ),
                new Route(GET, "/api/v1/runs/{run_id}/artifacts.zip", artifacts::zip, NONE, READ),
                new Route(PUT, "/api/v1/runs/{run_id}/artifacts/<path>", artifacts::upload, ARTIFACT_UPLOAD, WRITE),
                new Route(GET, "/api/v1/runs/{run_id}/artifacts/<path>", artifacts::download, NONE, READ),
                new Route(HEAD, "/api/v1/runs/{run_id}/artifacts/<path>", artifacts::download, NONE, READ),
                new Route(DELETE, "/api/v1/runs/{run_id}/artifacts/<path>", artifacts::delete, NONE, WRITE),
                new Route(POST, "/api/v1/runs/{run_id}/purge", artifacts::purge, NONE, WRITE),

                new Route(POST, "/api/v1/sweeps", sweeps::create, JSON, WRITE),
                new Route(GET, "/api/v1/sweeps", sweeps::list, NONE, READ),
                new Route(GET, "/api/v1/sweeps/{sweep_id}", sweeps::get, NONE, READ),
                new Route(DELETE, "/api/v1/sweeps/{sweep_id}", sweeps::delete, NONE, WRITE),
                new Route(POST, "/api/v1/sweeps/{sweep_id}/pause", sweeps::pause, NONE, WRITE),
                new Route(POST, "/api/v1/sweeps/{sweep_id}/resume", sweeps::resume, NONE, WRITE),
                new Route(POST, "/api/v1/sweeps/{sweep_id}/stop", sweeps::stop, NONE, WRITE),
                new Route(POST, "/api/v1/sweeps/{sweep_id}/next", sweeps::next, NONE, WRITE),
                new Route(GET, "/api/v1/sweeps/{sweep_id}/trials", sweeps::trials, NONE, READ),
                new Route(POST, "/api/v1/sweeps/{sweep_id}/trials/{run_id}/heartbeat", sweeps::heartbeat, NONE, WRITE),
                new Route(GET, "/api/v1/sweeps/{sweep_id}/importance", sweeps::importance, NONE, READ),

                new Route(POST, "/api/v1/auth/login", auth::login, JSON, OPEN),
                new Route(POST, "/api/v1/auth/logout", auth::logout, NONE, OPEN),
                new Route(GET, "/api/v1/auth/whoami", auth::whoami, NONE, READ),
                new Route(POST, "/api/v1/share", auth::share, JSON, WRITE),
                new Route(GET, "/api/v1/auth/tokens", auth::listTokens, NONE, ADMIN),
                new Route(POST, "/api/v1/auth/tokens", auth::createToken, JSON, ADMIN),
                new Route(DELETE, "/api/v1/auth/tokens/{name}", auth::revokeToken, NONE, ADMIN));
    }
}
