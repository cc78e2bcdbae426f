package dev.sextant.server.mlflow;

import dev.sextant.server.api.FileDownload;
import dev.sextant.server.artifact.ArtifactPath;
import dev.sextant.server.domain.ArtifactFile;
import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.service.ArtifactService;
import dev.sextant.server.service.MetricService;
import dev.sextant.server.service.ModelArtifactService;
import dev.sextant.server.service.RegistryService;
import dev.sextant.server.service.RunService;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Routes MLflow serves outside its protos, for its web UI and newer clients: get-history-bulk, get-artifact,
 * model-versions/get-artifact, upload-artifact and the MLflow 3 server-info probe.
 */
final class MlflowUiRoutesHandlers {
    static final int MAX_BULK_HISTORY_RESULTS = 25_000;
    /** MLflow's own limit on run ids in one get-history-bulk request. */
    static final int MAX_BULK_HISTORY_RUNS = 100;
    private static final Pattern RUN_ARTIFACT_URI = Pattern.compile("mlflow-artifacts:/[^/]+/([0-9a-f]{32})/artifacts(?:/(.*))?");

    private final RunService runs;
    private final MetricService metrics;
    private final ArtifactService artifacts;
    private final RegistryService registry;
    private final ModelArtifactService modelArtifacts;
    private final MlflowJson json;

    MlflowUiRoutesHandlers(RunService runs, MetricService metrics, ArtifactService artifacts, RegistryService registry,
                           ModelArtifactService modelArtifacts, MlflowJson json) {
        this.runs = runs;
        this.metrics = metrics;
        this.artifacts = artifacts;
        this.registry = registry;
        this.modelArtifacts = modelArtifacts;
        this.json = json;
    }

    /** GET metrics/get-history-bulk?run_id=..&metric_key=: every point of each run, ordered by run, time, step, value. */
    void historyBulk(Context ctx) {
        var request = json.read(ctx);
        // MLflow's checks, in its order and words.
        var runIds = request.strings("run_id");
        if (runIds.isEmpty()) throw SextantException.invalid("GetMetricHistoryBulk request must specify at least one run_id.");
        if (runIds.size() > MAX_BULK_HISTORY_RUNS) {
            throw SextantException.invalid("GetMetricHistoryBulk request cannot specify more than " + MAX_BULK_HISTORY_RUNS
                    + " run_ids. Received " + runIds.size() + " run_ids.");
        }
        var key = request.string("metric_key");
        if (key == null || key.isEmpty()) throw SextantException.invalid("GetMetricHistoryBulk request must specify a metric_key.");
        var maxResults = request.optionalLong("max_results");
        long max = maxResults == null ? MAX_BULK_HISTORY_RESULTS : maxResults;
        if (max < 1 || max > MAX_BULK_HISTORY_RESULTS) {
            throw SextantException.invalid("max_results must be between 1 and " + MAX_BULK_HISTORY_RESULTS + ", got " + max);
        }
        var distinct = new java.util.TreeSet<>(runIds);
        // Sorted by run id first, so runs are read in that order until max points are in: at most max are ever held
        // (a run id repeated 10,000 times used to collect 10,000 copies of its history; repeats are read once).
        var points = new ArrayList<MlflowJson.RunMetricJson>();
        for (var runId : distinct) {
            if (points.size() >= max) break;
            if (runs.get(runId).metrics().stream().noneMatch(m -> m.key().equals(key))) continue;
            var ofRun = new ArrayList<MlflowJson.RunMetricJson>();
            for (var point : metrics.points(runId, key, null, null, (int) max, null).items()) {
                ofRun.add(new MlflowJson.RunMetricJson(key, MlflowJson.clampInfinity(point.value()), point.timestampMs(),
                        point.step(), runId));
            }
            ofRun.sort(Comparator.comparingLong(MlflowJson.RunMetricJson::timestamp)
                    .thenComparingLong(MlflowJson.RunMetricJson::step).thenComparingDouble(MlflowJson.RunMetricJson::value));
            points.addAll(ofRun.subList(0, (int) Math.min(ofRun.size(), max - points.size())));
        }
        json.write(ctx, Map.of("metrics", points));
    }

    /** GET /get-artifact?run_uuid=&path=: one file of a run. */
    void runArtifact(Context ctx) throws IOException {
        var request = json.read(ctx);
        var path = artifactPath(request.requiredString("path"));
        var runId = request.runId();
        var file = artifacts.get(runId, path);
        send(ctx, file, (offset, length) -> artifacts.open(runId, file, offset, length));
    }

    /** GET /model-versions/get-artifact?name=&version=&path=: one file of a registered version, where Sextant keeps it. */
    void modelVersionArtifact(Context ctx) throws IOException {
        var request = json.read(ctx);
        var path = artifactPath(request.requiredString("path"));
        var download = registry.download(request.requiredString("name"), request.requiredString("version"));
        if (download.model() != null) {
            var modelId = download.model().modelId();
            var file = modelArtifacts.get(modelId, path);
            send(ctx, file, (offset, length) -> modelArtifacts.open(modelId, file, offset, length));
            return;
        }
        var matcher = RUN_ARTIFACT_URI.matcher(download.uri());
        if (!matcher.matches()) {
            throw new SextantException(ErrorCode.RESOURCE_DOES_NOT_EXIST, "the files of this version are at '" + download.uri()
                    + "', outside Sextant's artifact store");
        }
        var runId = matcher.group(1);
        var inRun = matcher.group(2) == null || matcher.group(2).isEmpty() ? path : ArtifactPath.of(matcher.group(2)).resolve(path);
        var file = artifacts.get(runId, inRun);
        send(ctx, file, (offset, length) -> artifacts.open(runId, file, offset, length));
    }

    /** POST ajax-api/2.0/mlflow/upload-artifact?run_uuid=&path=: the raw body becomes a file of the run (MLflow's UI). */
    void upload(Context ctx) throws IOException {
        // The body is the file, so the message is in the query string alone.
        var runId = ctx.queryParam("run_uuid") != null ? ctx.queryParam("run_uuid") : ctx.queryParam("run_id");
        if (runId == null || runId.isEmpty()) throw SextantException.invalid("Request must specify run_uuid.");
        var rawPath = ctx.queryParam("path");
        if (rawPath == null || rawPath.isEmpty()) throw SextantException.invalid("Request must specify path.");
        var path = artifactPath(rawPath);
        if (ctx.req().getContentLengthLong() == 0) throw SextantException.invalid("Request must specify data.");
        artifacts.put(runId, path, ctx.req().getInputStream(), ctx.req().getContentLengthLong(), ctx.header("Content-Type"));
        json.writeEmpty(ctx);
    }

    /** GET api/3.0/mlflow/server-info: MLflow 3 clients probe it for multipart artifact transfers, which Sextant does itself. */
    void serverInfo(Context ctx) {
        var info = new LinkedHashMap<String, Object>();
        info.put("store_type", "SqlStore");
        info.put("workspaces_enabled", false);
        info.put("multipart_uploads_enabled", false);
        info.put("multipart_downloads_enabled", false);
        json.write(ctx, info);
    }

    private static ArtifactPath artifactPath(String raw) {
        MlflowArtifactHandlers.checkPath(raw);
        return ArtifactPath.of(MlflowArtifactHandlers.withoutDotSegments(raw));
    }

    private static void send(Context ctx, ArtifactFile file, FileDownload.Bytes bytes) throws IOException {
        FileDownload.serve(ctx, file, bytes, FileDownload.Disposition.ATTACHMENT);
    }
}
