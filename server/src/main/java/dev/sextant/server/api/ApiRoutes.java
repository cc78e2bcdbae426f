package dev.sextant.server.api;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.List;

/** Every route of the native API on one screen. The OpenAPI test checks this table against openapi.yaml. */
public final class ApiRoutes {
    private ApiRoutes() {}

    /** One route: method, Javalin path ({param}, or <param> when it may contain '/'), handler. */
    public record Route(HandlerType method, String path, Handler handler) {}

    public static List<Route> routes(SystemHandlers system, ExperimentHandlers experiments, RunHandlers runs,
                                     MetricHandlers metrics, ChartHandlers charts, ArtifactHandlers artifacts,
                                     AuthHandlers auth, SweepHandlers sweeps, ExportHandlers exports, ViewHandlers views) {
        var get = HandlerType.GET;
        var post = HandlerType.POST;
        var patch = HandlerType.PATCH;
        var put = HandlerType.PUT;
        var delete = HandlerType.DELETE;
        var head = HandlerType.HEAD;
        return List.of(
                new Route(get, "/health", system::health),
                new Route(get, "/health/live", system::live),
                new Route(get, "/health/ready", system::ready),
                new Route(get, "/metrics", system::metrics),
                new Route(get, "/api/v1/openapi.yaml", system::openApi),
                new Route(get, "/api/v1/docs", system::docs),

                new Route(post, "/api/v1/experiments", experiments::create),
                new Route(get, "/api/v1/experiments", experiments::list),
                new Route(get, "/api/v1/experiments/by-name", experiments::getByName),
                new Route(get, "/api/v1/experiments/{experiment_id}", experiments::get),
                new Route(get, "/api/v1/experiments/{experiment_id}/columns", experiments::columns),
                new Route(patch, "/api/v1/experiments/{experiment_id}", experiments::update),
                new Route(delete, "/api/v1/experiments/{experiment_id}", experiments::delete),
                new Route(post, "/api/v1/experiments/{experiment_id}/restore", experiments::restore),
                new Route(put, "/api/v1/experiments/{experiment_id}/tags", experiments::setTags),
                new Route(delete, "/api/v1/experiments/{experiment_id}/tags/{key}", experiments::deleteTag),
                new Route(get, "/api/v1/experiments/{experiment_id}/export", exports::export),

                new Route(get, "/api/v1/experiments/{experiment_id}/views", views::list),
                new Route(post, "/api/v1/experiments/{experiment_id}/views", views::create),
                new Route(get, "/api/v1/experiments/{experiment_id}/views/{view_id}", views::get),
                new Route(put, "/api/v1/experiments/{experiment_id}/views/{view_id}", views::update),
                new Route(delete, "/api/v1/experiments/{experiment_id}/views/{view_id}", views::delete),

                new Route(post, "/api/v1/runs", runs::create),
                new Route(post, "/api/v1/runs/search", runs::search),
                new Route(get, "/api/v1/runs/{run_id}", runs::get),
                new Route(patch, "/api/v1/runs/{run_id}", runs::update),
                new Route(delete, "/api/v1/runs/{run_id}", runs::delete),
                new Route(post, "/api/v1/runs/{run_id}/restore", runs::restore),
                new Route(post, "/api/v1/runs/{run_id}/config", runs::logConfig),
                new Route(put, "/api/v1/runs/{run_id}/tags", runs::setTags),
                new Route(post, "/api/v1/runs/{run_id}/inputs", runs::logInputs),
                new Route(delete, "/api/v1/runs/{run_id}/tags/{key}", runs::deleteTag),

                new Route(post, "/api/v1/runs/{run_id}/metrics", metrics::logBatch),
                new Route(get, "/api/v1/runs/{run_id}/metrics", metrics::list),
                new Route(get, "/api/v1/runs/{run_id}/metrics/<key>", metrics::series),
                new Route(post, "/api/v1/metrics/query", metrics::query),
                new Route(post, "/api/v1/metrics/groups", metrics::groups),

                new Route(get, "/api/v1/charts/metric.png", charts::png),
                new Route(get, "/api/v1/charts/metric.svg", charts::svg),


                new Route(get, "/api/v1/runs/{run_id}/artifacts", artifacts::list),
                new Route(get, "/api/v1/runs/{run_id}/artifacts.zip", artifacts::zip),
                new Route(put, "/api/v1/runs/{run_id}/artifacts/<path>", artifacts::upload),
                new Route(get, "/api/v1/runs/{run_id}/artifacts/<path>", artifacts::download),
                new Route(head, "/api/v1/runs/{run_id}/artifacts/<path>", artifacts::download),
                new Route(delete, "/api/v1/runs/{run_id}/artifacts/<path>", artifacts::delete),
                new Route(post, "/api/v1/runs/{run_id}/purge", artifacts::purge),

                new Route(post, "/api/v1/sweeps", sweeps::create),
                new Route(get, "/api/v1/sweeps", sweeps::list),
                new Route(get, "/api/v1/sweeps/{sweep_id}", sweeps::get),
                new Route(delete, "/api/v1/sweeps/{sweep_id}", sweeps::delete),
                new Route(post, "/api/v1/sweeps/{sweep_id}/pause", sweeps::pause),
                new Route(post, "/api/v1/sweeps/{sweep_id}/resume", sweeps::resume),
                new Route(post, "/api/v1/sweeps/{sweep_id}/stop", sweeps::stop),
                new Route(post, "/api/v1/sweeps/{sweep_id}/next", sweeps::next),
                new Route(get, "/api/v1/sweeps/{sweep_id}/trials", sweeps::trials),
                new Route(post, "/api/v1/sweeps/{sweep_id}/trials/{run_id}/heartbeat", sweeps::heartbeat),
                new Route(get, "/api/v1/sweeps/{sweep_id}/importance", sweeps::importance),

                new Route(post, "/api/v1/auth/login", auth::login),
                new Route(post, "/api/v1/auth/logout", auth::logout),
                new Route(get, "/api/v1/auth/whoami", auth::whoami),
                new Route(post, "/api/v1/share", auth::share),
                new Route(get, "/api/v1/auth/tokens", auth::listTokens),
                new Route(post, "/api/v1/auth/tokens", auth::createToken),
                new Route(delete, "/api/v1/auth/tokens/{name}", auth::revokeToken));
    }
}
