package dev.sextant.server.mlflow;

import dev.sextant.server.service.ArtifactService;
import dev.sextant.server.service.ExperimentService;
import dev.sextant.server.service.MetricService;
import dev.sextant.server.service.RunService;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;

/**
 * Every MLflow route on one screen, as MLflow 2.17's service.proto and mlflow_artifacts.proto declare them.
 * Each is served under /api/2.0 (the clients) and /ajax-api/2.0 (MLflow's web UI). Every handler runs
 * inside {@link MlflowErrors#guard} so failures come back with MLflow's error codes and statuses.
 */
public final class MlflowRoutes {
    private MlflowRoutes() {}

    private static final List<String> API_PREFIXES = List.of("/api/2.0", "/ajax-api/2.0");

    /** One route: method, Javalin path, handler. */
    public record Route(HandlerType method, String path, Handler handler) {}

    public static List<Route> routes(ExperimentService experimentService, RunService runService, MetricService metricService,
                                     ArtifactService artifactService) {
        var json = new MlflowJson();
        var experiments = new MlflowExperimentHandlers(experimentService, json);
        var runs = new MlflowRunHandlers(runService, json);
        var metrics = new MlflowMetricHandlers(metricService, runService, json);
        var artifacts = new MlflowArtifactHandlers(runService, artifactService, json);
        var get = HandlerType.GET;
        var post = HandlerType.POST;
        var table = List.of(
                new Route(post, "/experiments/create", experiments::create),
                new Route(get, "/experiments/get", experiments::get),
                new Route(get, "/experiments/get-by-name", experiments::getByName),
                new Route(post, "/experiments/search", experiments::search),
                new Route(get, "/experiments/search", experiments::search),
                new Route(post, "/experiments/update", experiments::update),
                new Route(post, "/experiments/delete", experiments::delete),
                new Route(post, "/experiments/restore", experiments::restore),
                new Route(post, "/experiments/set-experiment-tag", experiments::setTag),

                new Route(post, "/runs/create", runs::create),
                new Route(get, "/runs/get", runs::get),
                new Route(post, "/runs/update", runs::update),
                new Route(post, "/runs/delete", runs::delete),
                new Route(post, "/runs/restore", runs::restore),
                new Route(post, "/runs/search", runs::search),
                new Route(post, "/runs/log-parameter", runs::logParam),
                new Route(post, "/runs/set-tag", runs::setTag),
                new Route(post, "/runs/delete-tag", runs::deleteTag),
                new Route(post, "/runs/log-model", runs::logModel),
                new Route(post, "/runs/log-inputs", runs::logInputs),

                new Route(post, "/runs/log-metric", metrics::logMetric),
                new Route(post, "/runs/log-batch", metrics::logBatch),
                new Route(get, "/metrics/get-history", metrics::getHistory),
                new Route(get, "/metrics/get-history-bulk-interval", metrics::getHistoryBulkInterval),

                new Route(get, "/artifacts/list", artifacts::list));

        // The proxied artifact API (mlflow_artifacts.proto), where mlflow-artifacts: URIs resolve.
        var proxy = MlflowArtifactHandlers.PROXY_PREFIX;
        var artifactTable = List.of(
                new Route(get, proxy, artifacts::proxyList),
                new Route(get, proxy + "/<path>", artifacts::download),
                new Route(HandlerType.PUT, proxy + "/<path>", artifacts::upload),
                new Route(HandlerType.DELETE, proxy + "/<path>", artifacts::delete),
                new Route(post, "/mlflow-artifacts/mpu/create/<path>", artifacts::multipart),
                new Route(post, "/mlflow-artifacts/mpu/complete/<path>", artifacts::multipart),
                new Route(post, "/mlflow-artifacts/mpu/abort/<path>", artifacts::multipart));

        var routes = new ArrayList<Route>();
        for (var apiPrefix : API_PREFIXES) {
            var prefix = apiPrefix + "/mlflow";
            for (var route : table) {
                routes.add(new Route(route.method(), prefix + route.path(), MlflowErrors.guard(route.handler())));
            }
            for (var route : artifactTable) {
                routes.add(new Route(route.method(), apiPrefix + route.path(), MlflowErrors.guard(route.handler())));
            }
            unsupported(routes, prefix + "/registered-models/<rest>", "The MLflow model registry");
            unsupported(routes, prefix + "/model-versions/<rest>", "The MLflow model registry");
            unsupported(routes, prefix + "/traces", "MLflow tracing");
            unsupported(routes, prefix + "/traces/<rest>", "MLflow tracing");
        }
        return List.copyOf(routes);
    }

    /** Any method: answered with ENDPOINT_NOT_FOUND and a message naming the unsupported feature. */
    private static void unsupported(List<Route> routes, String path, String what) {
        for (var method : List.of(HandlerType.GET, HandlerType.POST, HandlerType.PATCH, HandlerType.DELETE)) {
            routes.add(new Route(method, path, MlflowErrors.notSupported(what)));
        }
    }
}
