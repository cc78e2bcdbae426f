package dev.sextant.server.mlflow;

import dev.sextant.server.api.FileDownload;
import dev.sextant.server.artifact.ArtifactPath;
import dev.sextant.server.domain.ArtifactListing;
import dev.sextant.server.domain.Run;
import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.service.ArtifactService;
import dev.sextant.server.service.RunService;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * MLflow's artifact APIs on top of ArtifactService: the proxied {@code /api/2.0/mlflow-artifacts/artifacts}
 * routes the Python client uses for every {@code mlflow-artifacts:} URI (spec §3.1), and the tracking-side
 * {@code artifacts/list}. A proxied path is {@code <experiment_id>/<run_id>/artifacts/<relative path>}, exactly
 * the run's {@code mlflow-artifacts:} URI; it maps onto that run's native files, so the bytes go to whichever
 * store is configured, the index is the native one, and the usual path validation and streaming apply.
 */
final class MlflowArtifactHandlers {
    static final String PROXY_PREFIX = "/mlflow-artifacts/artifacts";
    /** The text the Python client looks for before it falls back to a single PUT. */
    static final String NO_MULTIPART = "Multipart upload is not supported for the current artifact repository";

    private final RunService runs;
    private final ArtifactService artifacts;
    private final MlflowJson json;

    MlflowArtifactHandlers(RunService runs, ArtifactService artifacts, MlflowJson json) {
        this.runs = runs;
        this.artifacts = artifacts;
        this.json = json;
    }

    /** A proxied path split into its run and the path inside the run's artifact root (null = the root). */
    record Target(Run run, ArtifactPath path) {}

    // ---- tracking API: GET /api/2.0/mlflow/artifacts/list ----

    /** One folder level with run-relative paths, from the native index; a file or a missing path lists as empty. */
    void list(Context ctx) {
        var request = json.read(ctx);
        var run = runs.get(request.runId());
        var path = request.string("path");
        checkPath(path);
        var folder = path == null ? "" : withoutDotSegments(path).replaceAll("^/+|/+$", "");
        var response = new LinkedHashMap<String, Object>();
        response.put("root_uri", MlflowJson.artifactUri(run));
        response.put("files", fileInfos(artifacts.list(run.runId(), folder), false));
        json.write(ctx, response);
    }

    // ---- proxied API: /api/2.0/mlflow-artifacts/... ----

    /** GET artifacts?path=: basenames of one folder level; {} for a file, a missing path or a path outside any run. */
    void proxyList(Context ctx) {
        var raw = ctx.queryParam("path");
        checkPath(raw);
        var path = raw == null ? "" : withoutDotSegments(raw).replaceAll("/+$", "");
        var response = new LinkedHashMap<String, Object>();
        try {
            var target = path.isEmpty() ? Optional.<Target>empty() : target(path.split("/", 4), false);
            if (target.isPresent()) {
                var folder = target.get().path() == null ? "" : target.get().path().value();
                var files = fileInfos(artifacts.list(target.get().run().runId(), folder), true);
                if (!files.isEmpty()) response.put("files", files);
            }
        } catch (SextantException e) {
            if (e.code() != ErrorCode.RESOURCE_DOES_NOT_EXIST) throw e;
        }
        json.write(ctx, response);
    }

    /** PUT artifacts/<path>: the raw body streams into the store; an existing file is replaced. */
    void upload(Context ctx) throws IOException {
        var target = requireTarget(ctx);
        if (target.path() == null) throw SextantException.invalid("Invalid path: an upload needs a file name below 'artifacts/'");
        artifacts.put(target.run().runId(), target.path(), ctx.req().getInputStream(), ctx.req().getContentLengthLong(),
                ctx.header("Content-Type"));
        json.writeEmpty(ctx);
    }

    /** GET artifacts/<path>: the file through the native download path, always as an attachment (as MLflow sends it). */
    void download(Context ctx) throws IOException {
        var target = requireTarget(ctx);
        if (target.path() == null) throw SextantException.notFound("artifact", "artifacts");
        var runId = target.run().runId();
        var file = artifacts.get(runId, target.path());
        FileDownload.serve(ctx, file, (offset, length) -> artifacts.open(runId, file, offset, length),
                FileDownload.Disposition.ATTACHMENT);
    }

    /** DELETE artifacts/<path>: a file or a whole folder (the run's root included); a missing path is not an error. */
    void delete(Context ctx) {
        var target = requireTarget(ctx);
        var runId = target.run().runId();
        if (target.path() == null) {
            var top = artifacts.list(runId, "");
            top.files().forEach(file -> artifacts.delete(runId, ArtifactPath.of(file.path()), false));
            top.folders().forEach(folder -> artifacts.delete(runId, ArtifactPath.of(folder.path()), true));
        } else {
            try {
                artifacts.delete(runId, target.path(), true);
            } catch (SextantException e) {
                if (e.code() != ErrorCode.RESOURCE_DOES_NOT_EXIST) throw e;
            }
        }
        json.writeEmpty(ctx);
    }

    /**
     * POST mpu/{create,complete,abort}/<path>: NOT_IMPLEMENTED with MLflow's own message, on which the
     * Python client falls back to one streamed PUT (which has no size cap of its own here). The client
     * reads only the message; the status is 400, not MLflow's 501, because no request a client can send
     * makes this server answer 5xx.
     */
    void multipart(Context ctx) {
        MlflowErrors.write(ctx, ErrorCode.NOT_IMPLEMENTED, NO_MULTIPART + " (Sextant streams single PUT uploads to any store)");
    }

    private Target requireTarget(Context ctx) {
        String uri = ctx.req().getRequestURI();
        int at = uri.indexOf(PROXY_PREFIX + "/");
        if (at < 0) throw SextantException.invalid("Invalid path: the artifact path is missing");
        var raw = uri.substring(at + PROXY_PREFIX.length() + 1);
        checkPath(raw);
        var parts = withoutDotSegments(raw).split("/", 4);
        return target(parts, true).orElseThrow(() -> SextantException.invalid("Invalid path '" + raw + "': Sextant keeps "
                + "MLflow artifacts only under <experiment_id>/<run_id>/artifacts/, as the run's artifact_uri says"));
    }

    /**
     * Maps {@code [experiment_id, run_id, "artifacts", rest]} onto a run; empty when the path is not of that shape.
     * {@code encoded} parts are %-decoded (the request URI); query parameters arrive decoded. The run must belong
     * to the experiment in the path, or the path names nothing (404).
     */
    private Optional<Target> target(String[] parts, boolean encoded) {
        if (parts.length < 3 || !parts[2].equals("artifacts")) return Optional.empty();
        var experimentId = encoded ? ArtifactPath.decode(parts[0]).value() : parts[0];
        var runId = encoded ? ArtifactPath.decode(parts[1]).value() : parts[1];
        var run = runs.get(runId);
        if (!run.experimentId().equals(experimentId)) {
            throw new SextantException(ErrorCode.RESOURCE_DOES_NOT_EXIST,
                    "Run with id=" + runId + " not found in experiment " + experimentId);
        }
        if (parts.length < 4 || parts[3].isEmpty()) return Optional.of(new Target(run, null));
        var relative = encoded ? ArtifactPath.decode(parts[3].replaceAll("/+$", "")) : ArtifactPath.of(parts[3]);
        checkPath(relative.value());
        return Optional.of(new Target(run, relative));
    }

    /** MLflow's FileInfo list (clients sort it themselves); paths run-relative or, for the proxied API, basenames. */
    private static List<MlflowJson.FileInfoJson> fileInfos(ArtifactListing listing, boolean baseNames) {
        var files = new ArrayList<MlflowJson.FileInfoJson>();
        for (var folder : listing.folders()) files.add(new MlflowJson.FileInfoJson(name(folder.path(), baseNames), true, null));
        for (var file : listing.files()) {
            files.add(new MlflowJson.FileInfoJson(name(file.path(), baseNames), false, file.sizeBytes()));
        }
        return files;
    }

    private static String name(String path, boolean baseName) {
        return baseName ? path.substring(path.lastIndexOf('/') + 1) : path;
    }

    /**
     * The path without its "." segments ({@code ./dir}, {@code dir/.}, {@code .}), which MLflow normalises away as
     * os.path.normpath does; ".." is refused by {@link #checkPath} before, never resolved.
     */
    static String withoutDotSegments(String path) {
        if (!path.equals(".") && !path.startsWith("./") && !path.contains("/./") && !path.endsWith("/.")) return path;
        var kept = new ArrayList<String>();
        for (var segment : path.split("/", -1)) if (!segment.equals(".")) kept.add(segment);
        return String.join("/", kept);
    }

    /** MLflow's path rules (spec §3.4): no '#', '\\', '..' segments or absolute paths. */
    static void checkPath(String path) {
        if (path == null || path.isEmpty()) return;
        boolean absolute = path.startsWith("/") || path.matches("^[A-Za-z]:.*");
        boolean dotDot = List.of(path.split("/")).contains("..");
        if (absolute || dotDot || path.contains("#") || path.contains("\\")) {
            throw SextantException.invalid("Invalid path");
        }
    }
}
