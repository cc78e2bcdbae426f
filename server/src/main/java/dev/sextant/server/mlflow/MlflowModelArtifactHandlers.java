package dev.sextant.server.mlflow;

import dev.sextant.server.api.FileDownload;
import dev.sextant.server.artifact.ArtifactPath;
import dev.sextant.server.domain.ArtifactFile;
import dev.sextant.server.domain.ArtifactListing;
import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.service.LoggedModelService;
import dev.sextant.server.service.ModelArtifactService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The files of MLflow 3 logged models: the proxied artifact routes for paths
 * {@code <experiment_id>/models/<model_id>/artifacts/<path>} (each model's artifact_uri), which share their routes
 * with run files ({@link #orRuns} picks the handler by path), and the logged-model artifact routes of MLflow's UI.
 */
final class MlflowModelArtifactHandlers {
    private static final Pattern MODEL_PATH = Pattern.compile("([^/]+)/models/([^/]+)/artifacts(?:/(.*))?");

    private final LoggedModelService models;
    private final ModelArtifactService artifacts;
    private final MlflowJson json;

    MlflowModelArtifactHandlers(LoggedModelService models, ModelArtifactService artifacts, MlflowJson json) {
        this.models = models;
        this.artifacts = artifacts;
        this.json = json;
    }

    /** A model and the path inside its artifact root (null = the root). */
    private record Target(String modelId, ArtifactPath path) {}

    /** Serves a proxied route with {@code modelHandler} when its path is a model's, with {@code runHandler} otherwise. */
    static Handler orRuns(Handler modelHandler, Handler runHandler) {
        return ctx -> (isModelPath(proxiedPath(ctx)) ? modelHandler : runHandler).handle(ctx);
    }

    private static boolean isModelPath(String path) {
        return path != null && MODEL_PATH.matcher(path).matches();
    }

    /** The artifact path of a proxied request: after artifacts/ in the URI (still %-encoded), or the list's ?path=. */
    private static String proxiedPath(Context ctx) {
        var uri = ctx.req().getRequestURI();
        int at = uri.indexOf(MlflowArtifactHandlers.PROXY_PREFIX + "/");
        if (at >= 0) return uri.substring(at + MlflowArtifactHandlers.PROXY_PREFIX.length() + 1);
        var path = ctx.queryParam("path");
        return path == null ? null : path.replaceAll("/+$", "");
    }

    /** GET artifacts?path=: basenames of one folder level; {} for a file or a missing path. */
    void proxyList(Context ctx) {
        var response = new LinkedHashMap<String, Object>();
        try {
            var target = target(proxiedPath(ctx), false);
            var files = fileInfos(artifacts.list(target.modelId(), target.path() == null ? "" : target.path().value()), true);
            if (!files.isEmpty()) response.put("files", files);
        } catch (SextantException e) {
            if (e.code() != ErrorCode.RESOURCE_DOES_NOT_EXIST) throw e;
        }
        json.write(ctx, response);
    }

    /** PUT artifacts/<path>: the raw body streams into the store. */
    void upload(Context ctx) throws IOException {
        var target = target(proxiedPath(ctx), true);
        if (target.path() == null) throw SextantException.invalid("Invalid path: an upload needs a file name below 'artifacts/'");
        artifacts.put(target.modelId(), target.path(), ctx.req().getInputStream(), ctx.req().getContentLengthLong(),
                ctx.header("Content-Type"));
        json.writeEmpty(ctx);
    }

    /** GET artifacts/<path>: the file's bytes, streamed, as a download. */
    void download(Context ctx) throws IOException {
        var target = target(proxiedPath(ctx), true);
        if (target.path() == null) throw SextantException.notFound("artifact", "artifacts");
        send(ctx, target.modelId(), target.path());
    }

    /** GET logged-models/{model_id}/artifacts/directories: one level, paths relative to the model's root. */
    void listDirectory(Context ctx) {
        var modelId = ctx.pathParam("model_id");
        var folder = ctx.queryParam("artifact_directory_path");
        MlflowArtifactHandlers.checkPath(folder);
        var model = models.get(modelId);
        var response = new LinkedHashMap<String, Object>();
        response.put("root_uri", MlflowModelJson.artifactUri(model));
        response.put("files", fileInfos(artifacts.list(modelId, folder == null ? "" : folder.replaceAll("^/+|/+$", "")), false));
        json.write(ctx, response);
    }

    /** GET logged-models/{model_id}/artifacts/files?artifact_file_path=: one file, for MLflow's UI. */
    void downloadFile(Context ctx) throws IOException {
        var path = ctx.queryParam("artifact_file_path");
        if (path == null || path.isEmpty()) {
            throw new SextantException(ErrorCode.BAD_REQUEST, "Request must include the \"artifact_file_path\" query parameter.");
        }
        MlflowArtifactHandlers.checkPath(path);
        send(ctx, ctx.pathParam("model_id"), ArtifactPath.of(path));
    }

    private void send(Context ctx, String modelId, ArtifactPath path) throws IOException {
        ArtifactFile file = artifacts.get(modelId, path);
        FileDownload.serve(ctx, file, (offset, length) -> artifacts.open(modelId, file, offset, length),
                FileDownload.Disposition.ATTACHMENT);
    }

    /** {@code <experiment_id>/models/<model_id>/artifacts[/<path>]} of a model that lives in that experiment. */
    private Target target(String raw, boolean encoded) {
        var matcher = MODEL_PATH.matcher(raw == null ? "" : raw);
        if (!matcher.matches()) throw SextantException.invalid("Invalid path '" + raw + "'");
        var experimentId = encoded ? ArtifactPath.decode(matcher.group(1)).value() : matcher.group(1);
        var modelId = encoded ? ArtifactPath.decode(matcher.group(2)).value() : matcher.group(2);
        var model = models.get(modelId, true);
        if (!model.experimentId().equals(experimentId)) {
            throw new SextantException(ErrorCode.RESOURCE_DOES_NOT_EXIST,
                    "Logged model with ID '" + modelId + "' not found in experiment " + experimentId);
        }
        var rest = matcher.group(3);
        if (rest == null || rest.isEmpty()) return new Target(modelId, null);
        var relative = encoded ? ArtifactPath.decode(rest) : ArtifactPath.of(rest);
        MlflowArtifactHandlers.checkPath(relative.value());
        return new Target(modelId, relative);
    }

    private static List<MlflowJson.FileInfoJson> fileInfos(ArtifactListing listing, boolean baseNames) {
        var files = new ArrayList<MlflowJson.FileInfoJson>();
        for (var folder : listing.folders()) files.add(new MlflowJson.FileInfoJson(name(folder.path(), baseNames), true, null));
        for (var file : listing.files()) files.add(new MlflowJson.FileInfoJson(name(file.path(), baseNames), false, file.sizeBytes()));
        return files;
    }

    private static String name(String path, boolean baseName) {
        return baseName ? path.substring(path.lastIndexOf('/') + 1) : path;
    }
}
