package dev.sextant.server.mlflow;

import static dev.sextant.server.auth.Access.READ;
import static dev.sextant.server.auth.Access.WRITE;
import static dev.sextant.server.http.Route.Body.ARTIFACT_UPLOAD;
import static dev.sextant.server.http.Route.Body.JSON;
import static dev.sextant.server.http.Route.Body.NONE;
import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PATCH;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import dev.sextant.server.http.Route;
import dev.sextant.server.service.ArtifactService;
import dev.sextant.server.service.ExperimentService;
import dev.sextant.server.service.LoggedModelService;
import dev.sextant.server.service.MetricService;
import dev.sextant.server.service.ModelArtifactService;
import dev.sextant.server.service.RegistryService;
import dev.sextant.server.service.RunService;
import java.util.ArrayList;
import java.util.List;

/**
 * Every MLflow route on one screen, as MLflow's service.proto and mlflow_artifacts.proto declare them (2.17, plus
 * MLflow 3's logged models).
 * Each is served under /api/2.0 (the clients) and /ajax-api/2.0 (MLflow's web UI). Every handler runs
 * inside {@link MlflowErrors#guard} so failures come back with MLflow's error codes and statuses. Each line declares
 * the body it reads and the access it needs: the searches (and get-latest-versions) MLflow sends as POST are READ.
 */
public final class MlflowRoutes {
    private MlflowRoutes() {}

    private static final List<String> API_PREFIXES = List.of("/api/2.0", "/ajax-api/2.0");

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
        var table = List.of(
                new Route(POST, "/experiments/create", experiments::create, JSON, WRITE),
                new Route(GET, "/experiments/get", experiments::get, NONE, READ),
                new Route(GET, "/experiments/get-by-name", experiments::getByName, NONE, READ),
                new Route(POST, "/experiments/search", experiments::search, JSON, READ),
                new Route(GET, "/experiments/search", experiments::search, NONE, READ),
                new Route(POST, "/experiments/update", experiments::update, JSON, WRITE),
                new Route(POST, "/experiments/delete", experiments::delete, JSON, WRITE),
                new Route(POST, "/experiments/restore", experiments::restore, JSON, WRITE),
                new Route(POST, "/experiments/set-experiment-tag", experiments::setTag, JSON, WRITE),
                new Route(POST, "/experiments/delete-experiment-tag", experiments::deleteTag, JSON, WRITE),

                new Route(POST, "/runs/create", runs::create, JSON, WRITE),
                new Route(GET, "/runs/get", runs::get, NONE, READ),
                new Route(POST, "/runs/update", runs::update, JSON, WRITE),
                new Route(POST, "/runs/delete", runs::delete, JSON, WRITE),
                new Route(POST, "/runs/restore", runs::restore, JSON, WRITE),
                new Route(POST, "/runs/search", runs::search, JSON, READ),
                new Route(POST, "/runs/log-parameter", runs::logParam, JSON, WRITE),
                new Route(POST, "/runs/set-tag", runs::setTag, JSON, WRITE),
                new Route(POST, "/runs/delete-tag", runs::deleteTag, JSON, WRITE),
                new Route(POST, "/runs/log-model", runs::logModel, JSON, WRITE),
                new Route(POST, "/runs/log-inputs", runs::logInputs, JSON, WRITE),

                new Route(POST, "/runs/log-metric", metrics::logMetric, JSON, WRITE),
                new Route(POST, "/runs/log-batch", metrics::logBatch, JSON, WRITE),
                new Route(GET, "/metrics/get-history", metrics::getHistory, NONE, READ),
                new Route(GET, "/metrics/get-history-bulk-interval", metrics::getHistoryBulkInterval, NONE, READ),

                new Route(GET, "/artifacts/list", artifacts::list, NONE, READ),

                new Route(POST, "/logged-models", models::create, JSON, WRITE),
                new Route(POST, "/logged-models/search", models::search, JSON, READ),
                new Route(GET, "/logged-models/{model_id}", models::get, NONE, READ),
                new Route(PATCH, "/logged-models/{model_id}", models::finalize, JSON, WRITE),
                new Route(DELETE, "/logged-models/{model_id}", models::delete, NONE, WRITE),
                new Route(PATCH, "/logged-models/{model_id}/tags", models::setTags, JSON, WRITE),
                new Route(DELETE, "/logged-models/{model_id}/tags/{tag_key}", models::deleteTag, NONE, WRITE),
                new Route(POST, "/logged-models/{model_id}/params", models::logParams, JSON, WRITE),
                new Route(GET, "/logged-models/{model_id}/artifacts/directories", modelFiles::listDirectory, NONE, READ),
                new Route(GET, "/logged-models/{model_id}/artifacts/files", modelFiles::downloadFile, NONE, READ),
                new Route(POST, "/runs/outputs", models::logOutputs, JSON, WRITE),

                new Route(POST, "/registered-models/create", registry::create, JSON, WRITE),
                new Route(GET, "/registered-models/get", registry::get, NONE, READ),
                new Route(POST, "/registered-models/rename", registry::rename, JSON, WRITE),
                new Route(PATCH, "/registered-models/update", registry::update, JSON, WRITE),
                new Route(DELETE, "/registered-models/delete", registry::delete, JSON, WRITE),
                new Route(GET, "/registered-models/search", registry::search, NONE, READ),
                new Route(POST, "/registered-models/get-latest-versions", registry::latestVersions, JSON, READ),
                new Route(GET, "/registered-models/get-latest-versions", registry::latestVersions, NONE, READ),
                new Route(POST, "/registered-models/set-tag", registry::setTag, JSON, WRITE),
                new Route(DELETE, "/registered-models/delete-tag", registry::deleteTag, JSON, WRITE),
                new Route(POST, "/registered-models/alias", registry::setAlias, JSON, WRITE),
                new Route(DELETE, "/registered-models/alias", registry::deleteAlias, JSON, WRITE),
                new Route(GET, "/registered-models/alias", registry::getByAlias, NONE, READ),
                new Route(POST, "/model-versions/create", registry::createVersion, JSON, WRITE),
                new Route(GET, "/model-versions/get", registry::getVersion, NONE, READ),
                new Route(PATCH, "/model-versions/update", registry::updateVersion, JSON, WRITE),
                new Route(POST, "/model-versions/transition-stage", registry::transitionStage, JSON, WRITE),
                new Route(DELETE, "/model-versions/delete", registry::deleteVersion, JSON, WRITE),
                new Route(GET, "/model-versions/search", registry::searchVersions, NONE, READ),
                new Route(GET, "/model-versions/get-download-uri", registry::downloadUri, NONE, READ),
                new Route(POST, "/model-versions/set-tag", registry::setVersionTag, JSON, WRITE),
                new Route(DELETE, "/model-versions/delete-tag", registry::deleteVersionTag, JSON, WRITE));

        // The proxied artifact API (mlflow_artifacts.proto), where mlflow-artifacts: URIs resolve.
        var proxy = MlflowArtifactHandlers.PROXY_PREFIX;
        var artifactTable = List.of(
                new Route(GET, proxy, MlflowModelArtifactHandlers.orRuns(modelFiles::proxyList, artifacts::proxyList), NONE, READ),
                new Route(GET, proxy + "/<path>", MlflowModelArtifactHandlers.orRuns(modelFiles::download, artifacts::download), NONE, READ),
                new Route(PUT, proxy + "/<path>", MlflowModelArtifactHandlers.orRuns(modelFiles::upload, artifacts::upload),
                        ARTIFACT_UPLOAD, WRITE),
                new Route(DELETE, proxy + "/<path>", artifacts::delete, NONE, WRITE),
                new Route(POST, "/mlflow-artifacts/mpu/create/<path>", artifacts::multipart, JSON, WRITE),
                new Route(POST, "/mlflow-artifacts/mpu/complete/<path>", artifacts::multipart, JSON, WRITE),
                new Route(POST, "/mlflow-artifacts/mpu/abort/<path>", artifacts::multipart, JSON, WRITE));

        var routes = new ArrayList<Route>();
        for (var apiPrefix : API_PREFIXES) {
            var prefix = apiPrefix + "/mlflow";
            for (var route : table) routes.add(guarded(prefix, route));
            for (var route : artifactTable) routes.add(guarded(apiPrefix, route));
            for (var genAi : GENAI_PATHS) {
                notImplemented(routes, prefix + "/" + genAi, "MLflow's GenAI API '" + genAi.replace("/<rest>", "") + "'");
            }
        }
        // Outside the protos: MLflow's web UI and MLflow 3 clients call these. upload-artifact's body is the file.
        routes.add(guarded("", new Route(GET, "/ajax-api/2.0/mlflow/metrics/get-history-bulk", ui::historyBulk, NONE, READ)));
        routes.add(guarded("", new Route(POST, "/ajax-api/2.0/mlflow/upload-artifact", ui::upload, ARTIFACT_UPLOAD, WRITE)));
        routes.add(guarded("", new Route(GET, "/get-artifact", ui::runArtifact, NONE, READ)));
        routes.add(guarded("", new Route(GET, "/model-versions/get-artifact", ui::modelVersionArtifact, NONE, READ)));
        for (var v3 : List.of("/api/3.0/mlflow", "/ajax-api/3.0/mlflow")) {
            routes.add(guarded("", new Route(GET, v3 + "/server-info", ui::serverInfo, NONE, READ)));
            notImplemented(routes, v3 + "/<rest>", "MLflow 3's GenAI API (traces, assessments and their kin)");
        }
        return List.copyOf(routes);
    }

    /** Whether clients call this route once per logged step (log_metric, and log_batch from the fluent API and autologging). */
    public static boolean calledPerStep(Route route) {
        return route.method() == POST && (route.path().endsWith("/mlflow/runs/log-metric") || route.path().endsWith("/mlflow/runs/log-batch"));
    }

    /** The route under {@code prefix} (the API versions serve one table each), its handler inside MLflow's error guard. */
    private static Route guarded(String prefix, Route route) {
        return new Route(route.method(), prefix + route.path(), MlflowErrors.guard(route.handler()), route.body(), route.access());
    }

    /** MLflow 2/3 API paths of GenAI features Sextant does not serve; listed in compat/mlflow/README.md. */
    private static final List<String> GENAI_PATHS = List.of("traces", "traces/<rest>", "unified-traces",
            "get-online-trace-details", "get-trace-artifact", "gateway/<rest>", "gateway-proxy", "scorers/<rest>",
            "scorer/<rest>", "datasets/<rest>", "label-schemas/<rest>", "review-queues/<rest>", "issues", "issues/<rest>",
            "prompt-optimization/<rest>", "runs/create-promptlab-run", "webhooks", "webhooks/<rest>", "workspaces", "workspaces/<rest>");

    /** Any method: answered with NOT_IMPLEMENTED and a message naming the unsupported feature. */
    private static void notImplemented(List<Route> routes, String path, String what) {
        var handler = MlflowErrors.notImplemented(what);
        routes.add(new Route(GET, path, handler, NONE, READ));
        routes.add(new Route(POST, path, handler, JSON, WRITE));
        routes.add(new Route(PATCH, path, handler, JSON, WRITE));
        routes.add(new Route(DELETE, path, handler, NONE, WRITE));
    }
}
