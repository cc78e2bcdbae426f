package dev.sextant.server.mlflow;

import dev.sextant.server.service.ArtifactService;
import dev.sextant.server.service.ExperimentService;
import dev.sextant.server.service.LoggedModelService;
import dev.sextant.server.service.MetricService;
import dev.sextant.server.service.ModelArtifactService;
import dev.sextant.server.service.RegistryService;
import dev.sextant.server.service.RunService;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;

/**
 * Every MLflow route on one screen, as MLflow's service.proto and mlflow_artifacts.proto declare them (2.17, plus
 * MLflow 3's logged models).
 * Each is served under /api/2.0 (the clients) and /ajax-api/2.0 (MLflow's web UI). Every handler runs
 * inside {@link MlflowErrors#guard} so failures come back with MLflow's error codes and statuses.
 */
public final class MlflowRoutes {
    private MlflowRoutes() {}

    private static final List<String> API_PREFIXES = List.of("/api/2.0", "/ajax-api/2.0");

    /** One route: method, Javalin path, handler. */
    public record Route(HandlerType method, String path, Handler handler) {}

    public static List<Route> routes(ExperimentService experimentService, RunService runService, MetricService metricService,
                                     ArtifactService artifactService, LoggedModelService loggedModelService,
                                     ModelArtifactService modelArtifactService, RegistryService registryService) {
        var json = new MlflowJson();
        var registry = new MlflowRegistryHandlers(registryService, loggedModelService, json);
        var ui = new MlflowUiRoutesHandlers(runService, metricService, artifactService, registryService, modelArtifactService, json);
        var models = new MlflowLoggedModelHandlers(loggedModelService, json);
        var modelFiles = new MlflowModelArtifactHandlers(loggedModelService, modelArtifactService, json);
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
                new Route(post, "/experiments/delete-experiment-tag", experiments::deleteTag),

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

                new Route(get, "/artifacts/list", artifacts::list),

                new Route(post, "/logged-models", models::create),
                new Route(post, "/logged-models/search", models::search),
                new Route(get, "/logged-models/{model_id}", models::get),
                new Route(HandlerType.PATCH, "/logged-models/{model_id}", models::finalize),
                new Route(HandlerType.DELETE, "/logged-models/{model_id}", models::delete),
                new Route(HandlerType.PATCH, "/logged-models/{model_id}/tags", models::setTags),
                new Route(HandlerType.DELETE, "/logged-models/{model_id}/tags/{tag_key}", models::deleteTag),
                new Route(post, "/logged-models/{model_id}/params", models::logParams),
                new Route(get, "/logged-models/{model_id}/artifacts/directories", modelFiles::listDirectory),
                new Route(get, "/logged-models/{model_id}/artifacts/files", modelFiles::downloadFile),
                new Route(post, "/runs/outputs", models::logOutputs),

                new Route(post, "/registered-models/create", registry::create),
                new Route(get, "/registered-models/get", registry::get),
                new Route(post, "/registered-models/rename", registry::rename),
                new Route(HandlerType.PATCH, "/registered-models/update", registry::update),
                new Route(HandlerType.DELETE, "/registered-models/delete", registry::delete),
                new Route(get, "/registered-models/search", registry::search),
                new Route(post, "/registered-models/get-latest-versions", registry::latestVersions),
                new Route(get, "/registered-models/get-latest-versions", registry::latestVersions),
                new Route(post, "/registered-models/set-tag", registry::setTag),
                new Route(HandlerType.DELETE, "/registered-models/delete-tag", registry::deleteTag),
                new Route(post, "/registered-models/alias", registry::setAlias),
                new Route(HandlerType.DELETE, "/registered-models/alias", registry::deleteAlias),
                new Route(get, "/registered-models/alias", registry::getByAlias),
                new Route(post, "/model-versions/create", registry::createVersion),
                new Route(get, "/model-versions/get", registry::getVersion),
                new Route(HandlerType.PATCH, "/model-versions/update", registry::updateVersion),
                new Route(post, "/model-versions/transition-stage", registry::transitionStage),
                new Route(HandlerType.DELETE, "/model-versions/delete", registry::deleteVersion),
                new Route(get, "/model-versions/search", registry::searchVersions),
                new Route(get, "/model-versions/get-download-uri", registry::downloadUri),
                new Route(post, "/model-versions/set-tag", registry::setVersionTag),
                new Route(HandlerType.DELETE, "/model-versions/delete-tag", registry::deleteVersionTag));

        // The proxied artifact API (mlflow_artifacts.proto), where mlflow-artifacts: URIs resolve.
        var proxy = MlflowArtifactHandlers.PROXY_PREFIX;
        var artifactTable = List.of(
                new Route(get, proxy, MlflowModelArtifactHandlers.orRuns(modelFiles::proxyList, artifacts::proxyList)),
                new Route(get, proxy + "/<path>", MlflowModelArtifactHandlers.orRuns(modelFiles::download, artifacts::download)),
                new Route(HandlerType.PUT, proxy + "/<path>", MlflowModelArtifactHandlers.orRuns(modelFiles::upload, artifacts::upload)),
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
            for (var genAi : GENAI_PATHS) {
                notImplemented(routes, prefix + "/" + genAi, "MLflow's GenAI API '" + genAi.replace("/<rest>", "") + "'");
            }
        }
        // Outside the protos: MLflow's web UI and MLflow 3 clients call these.
        routes.add(new Route(get, "/ajax-api/2.0/mlflow/metrics/get-history-bulk", MlflowErrors.guard(ui::historyBulk)));
        routes.add(new Route(post, "/ajax-api/2.0/mlflow/upload-artifact", MlflowErrors.guard(ui::upload)));
        routes.add(new Route(get, "/get-artifact", MlflowErrors.guard(ui::runArtifact)));
        routes.add(new Route(get, "/model-versions/get-artifact", MlflowErrors.guard(ui::modelVersionArtifact)));
        for (var v3 : List.of("/api/3.0/mlflow", "/ajax-api/3.0/mlflow")) {
            routes.add(new Route(get, v3 + "/server-info", MlflowErrors.guard(ui::serverInfo)));
            notImplemented(routes, v3 + "/<rest>", "MLflow 3's GenAI API (traces, assessments and their kin)");
        }
        return List.copyOf(routes);
    }

    /** MLflow 2/3 API paths of GenAI features Sextant does not serve; listed in compat/mlflow/README.md. */
    private static final List<String> GENAI_PATHS = List.of("traces", "traces/<rest>", "unified-traces",
            "get-online-trace-details", "get-trace-artifact", "gateway/<rest>", "gateway-proxy", "scorers/<rest>",
            "scorer/<rest>", "datasets/<rest>", "label-schemas/<rest>", "review-queues/<rest>", "issues", "issues/<rest>",
            "prompt-optimization/<rest>", "runs/create-promptlab-run", "webhooks", "webhooks/<rest>", "workspaces", "workspaces/<rest>");

    /** Any method: answered with NOT_IMPLEMENTED and a message naming the unsupported feature. */
    private static void notImplemented(List<Route> routes, String path, String what) {
        for (var method : List.of(HandlerType.GET, HandlerType.POST, HandlerType.PATCH, HandlerType.DELETE)) {
            routes.add(new Route(method, path, MlflowErrors.notImplemented(what)));
        }
    }
}
