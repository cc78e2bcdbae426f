package dev.sextant.server.mlflow;

import dev.sextant.server.error.SextantException;
import dev.sextant.server.service.RunService;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * MLflow's tracking-side artifact listing (artifacts/list, used by the MLflow UI; the Python client lists
 * through the proxied mlflow-artifacts API instead). TODO(#3): answer from the native artifact index once
 * the artifact service lands; until then every run has an empty artifact root.
 */
final class MlflowArtifactHandlers {
    private final RunService runs;
    private final MlflowJson json;

    MlflowArtifactHandlers(RunService runs, MlflowJson json) {
        this.runs = runs;
        this.json = json;
    }

    void list(Context ctx) {
        var request = json.read(ctx);
        var run = runs.get(request.runId());
        checkPath(request.string("path"));
        var response = new LinkedHashMap<String, Object>();
        response.put("root_uri", MlflowJson.artifactUri(run));
        response.put("files", List.<MlflowJson.FileInfoJson>of());
        json.write(ctx, response);
    }

    /** MLflow's path rules: no '#', '\\', '..' segments or absolute paths. */
    static void checkPath(String path) {
        if (path == null || path.isEmpty()) return;
        boolean absolute = path.startsWith("/") || path.matches("^[A-Za-z]:.*");
        boolean dotDot = List.of(path.split("/")).contains("..");
        if (absolute || dotDot || path.contains("#") || path.contains("\\")) {
            throw SextantException.invalid("Invalid path");
        }
    }
}
