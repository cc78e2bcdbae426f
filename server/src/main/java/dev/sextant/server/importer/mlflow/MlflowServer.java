package dev.sextant.server.importer.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sextant.server.domain.Dataset;
import dev.sextant.server.domain.DatasetInput;
import dev.sextant.server.importer.ImportReport;
import dev.sextant.server.importer.ImportSource;
import dev.sextant.server.importer.SourceArtifact;
import dev.sextant.server.importer.SourceExperiment;
import dev.sextant.server.importer.SourceRun;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A running MLflow tracking server, read through its REST API: experiments/search and runs/search (every lifecycle
 * stage), metrics/get-history for each series (paged), artifacts/list and the artifact download routes (the proxied
 * mlflow-artifacts API, or get-artifact for stores the server reads itself).
 */
public final class MlflowServer implements ImportSource {
    private static final int PAGE = 1000;
    private static final int HISTORY_PAGE = 25_000;
    private final MlflowHttp http;

    public MlflowServer(String url, Map<String, String> environment) {
        this.http = new MlflowHttp(url, environment);
    }

    @Override
    public String kind() {
        return "mlflow";
    }

    @Override
    public String describe() {
        return "MLflow server " + http.url();
    }

    @Override
    public List<SourceExperiment> experiments(ImportReport report) throws IOException {
        var experiments = new ArrayList<SourceExperiment>();
        for (JsonNode experiment : paged("api/2.0/mlflow/experiments/search", Map.of("view_type", "ALL"), "experiments")) {
            String id = experiment.path("experiment_id").asText();
            var runs = new ArrayList<SourceRun>();
            for (JsonNode run : paged("api/2.0/mlflow/runs/search",
                    Map.of("experiment_ids", List.of(id), "run_view_type", "ALL"), "runs")) {
                runs.add(run(run));
            }
            runs.sort(Comparator.comparingLong(SourceRun::startTimeMs).thenComparing(SourceRun::sourceId));
            var tags = keyValues(experiment.path("tags"));
            experiments.add(new SourceExperiment(id, experiment.path("name").asText(), tags.get("mlflow.note.content"), tags,
                    "deleted".equals(experiment.path("lifecycle_stage").asText()), runs));
        }
        return experiments;
    }

    private List<JsonNode> paged(String path, Map<String, Object> body, String field) throws IOException {
        var items = new ArrayList<JsonNode>();
        String token = null;
        do {
            var request = new LinkedHashMap<String, Object>(body);
            request.put("max_results", PAGE);
            if (token != null) request.put("page_token", token);
            JsonNode page = http.post(path, request);
            page.path(field).forEach(items::add);
            token = page.path("next_page_token").asText(null);
        } while (token != null && !token.isEmpty());
        return items;
    }

    private SourceRun run(JsonNode run) {
        JsonNode info = run.path("info");
        String runId = info.path("run_id").asText(info.path("run_uuid").asText());
        var tags = keyValues(run.path("data").path("tags"));
        var keys = new TreeSet<String>();
        run.path("data").path("metrics").forEach(metric -> keys.add(metric.path("key").asText()));
        String artifactUri = info.path("artifact_uri").asText("");
        String name = info.path("run_name").asText(tags.get("mlflow.runName"));
        return new SourceRun(runId, runId, name, MlflowStatus.fromName(info.path("status").asText("RUNNING")),
                info.path("start_time").asLong(), info.hasNonNull("end_time") ? info.path("end_time").asLong() : null,
                info.path("user_id").asText(null), tags.get("mlflow.parentRunId"), null,
                "deleted".equals(info.path("lifecycle_stage").asText()), keyValues(run.path("data").path("params")), tags,
                inputs(run.path("inputs").path("dataset_inputs")), null,
                (sink, report) -> readMetrics(runId, keys, sink),
                report -> listArtifacts(runId, artifactUri, null, new ArrayList<>()));
    }

    /** Each series whole, sorted by (step, timestamp, value), so every read sends the points in the same order. */
    private void readMetrics(String runId, Iterable<String> keys, SourceRun.PointSink sink) throws IOException {
        for (String key : keys) {
            var points = new ArrayList<double[]>();
            String token = null;
            do {
                var query = new HashMap<String, String>(Map.of("run_id", runId, "metric_key", key,
                        "max_results", String.valueOf(HISTORY_PAGE)));
                if (token != null) query.put("page_token", token);
                JsonNode page = http.get("api/2.0/mlflow/metrics/get-history", query);
                for (JsonNode metric : page.path("metrics")) {
                    points.add(new double[] {metric.path("step").asLong(), metric.path("timestamp").asLong(), value(metric.path("value"))});
                }
                token = page.path("next_page_token").asText(null);
            } while (token != null && !token.isEmpty());
            points.sort(Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]).thenComparingDouble(p -> p[2]));
            for (double[] point : points) sink.point(key, (long) point[0], (long) point[1], point[2]);
        }
    }

    private List<SourceArtifact> listArtifacts(String runId, String artifactUri, String path, List<SourceArtifact> files)
            throws IOException {
        String token = null;
        do {
            var query = new HashMap<String, String>(Map.of("run_id", runId));
            if (path != null) query.put("path", path);
            if (token != null) query.put("page_token", token);
            JsonNode page = http.get("api/2.0/mlflow/artifacts/list", query);
            for (JsonNode file : page.path("files")) {
                String filePath = file.path("path").asText();
                if (file.path("is_dir").asBoolean()) {
                    listArtifacts(runId, artifactUri, filePath, files);
                } else {
                    long size = file.hasNonNull("file_size") ? file.path("file_size").asLong() : -1;
                    files.add(new SourceArtifact(filePath, size, null, () -> open(runId, artifactUri, filePath, size)));
                }
            }
            token = page.path("next_page_token").asText(null);
        } while (token != null && !token.isEmpty());
        return files;
    }

    private java.io.InputStream open(String runId, String artifactUri, String path, long size) throws IOException {
        MlflowHttp.Download download;
        if (artifactUri.startsWith("mlflow-artifacts:")) {
            String root = artifactUri.substring("mlflow-artifacts:".length()).replaceFirst("^/+", "");
            download = http.download("api/2.0/mlflow-artifacts/artifacts/" + encodePath(root + "/" + path), Map.of());
        } else {
            download = http.download("get-artifact", Map.of("path", path, "run_uuid", runId));
        }
        if (size >= 0 && download.contentLength() >= 0 && download.contentLength() != size) {
            download.body().close();
            throw new IOException(path + ": the listing says " + size + " bytes, the download " + download.contentLength());
        }
        return download.body();
    }

    private static String encodePath(String path) {
        var encoded = new StringBuilder();
        for (String part : path.split("/")) {
            if (!encoded.isEmpty()) encoded.append('/');
            encoded.append(java.net.URLEncoder.encode(part, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return encoded.toString();
    }

    private static List<DatasetInput> inputs(JsonNode datasetInputs) {
        var inputs = new ArrayList<DatasetInput>();
        for (JsonNode input : datasetInputs) {
            JsonNode dataset = input.path("dataset");
            inputs.add(new DatasetInput(new Dataset(dataset.path("name").asText(), dataset.path("digest").asText(),
                    dataset.path("source_type").asText(), dataset.path("source").asText(), dataset.path("schema").asText(null),
                    dataset.path("profile").asText(null)), keyValues(input.path("tags"))));
        }
        return inputs;
    }

    private static Map<String, String> keyValues(JsonNode list) {
        var values = new LinkedHashMap<String, String>();
        list.forEach(item -> values.put(item.path("key").asText(), item.path("value").asText("")));
        return values;
    }

    /** MLflow's JSON writes NaN and the infinities as strings. */
    private static double value(JsonNode value) {
        return value.isNumber() ? value.asDouble() : MlflowValues.parseDouble(value.asText());
    }
}
