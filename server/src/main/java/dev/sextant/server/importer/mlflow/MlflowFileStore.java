package dev.sextant.server.importer.mlflow;

import dev.sextant.server.domain.Dataset;
import dev.sextant.server.domain.DatasetInput;
import dev.sextant.server.importer.ImportReport;
import dev.sextant.server.importer.ImportSource;
import dev.sextant.server.importer.SourceArtifact;
import dev.sextant.server.importer.SourceExperiment;
import dev.sextant.server.importer.SourceRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * MLflow's file store (an {@code mlruns} folder as the mlflow client writes it): one folder per experiment with a
 * meta.yaml and tags/, one per run with meta.yaml, params/, tags/, metrics/ (one "timestamp value step" line per
 * point), inputs/ (links to the experiment's datasets/) and artifacts/. Deleted experiments live in .trash/.
 */
public final class MlflowFileStore implements ImportSource {
    private static final Set<String> NOT_EXPERIMENTS = Set.of(".trash", "models", ".mlflow");
    private final Path root;

    public MlflowFileStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String kind() {
        return "mlflow";
    }

    @Override
    public String describe() {
        return "MLflow file store " + root;
    }

    @Override
    public List<SourceExperiment> experiments(ImportReport report) throws IOException {
        if (!Files.isDirectory(root)) throw new IOException("no MLflow file store at " + root);
        var experiments = new ArrayList<SourceExperiment>();
        for (Path folder : experimentFolders()) {
            var meta = yaml(folder.resolve("meta.yaml"));
            if (meta == null) continue;
            String id = idOf(meta.get("experiment_id"), folder);
            var runs = new ArrayList<SourceRun>();
            try (Stream<Path> children = Files.list(folder)) {
                for (Path child : children.sorted().toList()) {
                    if (Files.isRegularFile(child.resolve("meta.yaml")) && Files.isDirectory(child.resolve("metrics"))) {
                        runs.add(run(folder, child, report));
                    }
                }
            }
            runs.sort(Comparator.comparingLong(SourceRun::startTimeMs).thenComparing(SourceRun::sourceId));
            var tags = keyValueFiles(folder.resolve("tags"));
            experiments.add(new SourceExperiment(id, text(meta.get("name")), tags.get("mlflow.note.content"), tags,
                    "deleted".equals(meta.get("lifecycle_stage")), runs));
        }
        experiments.sort(Comparator.comparing(e -> numericOrder(e.sourceId())));
        return experiments;
    }

    private List<Path> experimentFolders() throws IOException {
        var folders = new ArrayList<Path>();
        for (Path parent : List.of(root, root.resolve(".trash"))) {
            if (!Files.isDirectory(parent)) continue;
            try (Stream<Path> children = Files.list(parent)) {
                children.filter(child -> Files.isRegularFile(child.resolve("meta.yaml")))
                        .filter(child -> !NOT_EXPERIMENTS.contains(child.getFileName().toString()))
                        .forEach(folders::add);
            }
        }
        return folders;
    }

    private SourceRun run(Path experimentFolder, Path folder, ImportReport report) throws IOException {
        var meta = yaml(folder.resolve("meta.yaml"));
        String runId = idOf(meta.get("run_id"), folder);
        var tags = keyValueFiles(folder.resolve("tags"));
        String name = text(meta.get("run_name"));
        if (name == null || name.isEmpty()) name = tags.get("mlflow.runName");
        Number end = (Number) meta.get("end_time");
        Path artifacts = artifactFolder(folder, text(meta.get("artifact_uri")), report);
        return new SourceRun(runId, runId, name, MlflowStatus.fromNumber(((Number) meta.get("status")).intValue()),
                ((Number) meta.get("start_time")).longValue(), end == null ? null : end.longValue(), text(meta.get("user_id")),
                tags.get("mlflow.parentRunId"), null, "deleted".equals(meta.get("lifecycle_stage")),
                keyValueFiles(folder.resolve("params")), tags, inputs(experimentFolder, folder), null,
                (sink, r) -> readMetrics(folder.resolve("metrics"), sink),
                r -> artifacts == null ? List.of() : listFiles(artifacts));
    }

    /** The run's artifact folder: its artifact_uri when that is a local folder, else artifacts/ beside meta.yaml. */
    private static Path artifactFolder(Path runFolder, String artifactUri, ImportReport report) {
        if (artifactUri != null && artifactUri.startsWith("file:")) {
            Path path = Path.of(URI.create(artifactUri));
            if (Files.isDirectory(path)) return path;
        }
        Path beside = runFolder.resolve("artifacts");
        if (Files.isDirectory(beside)) return beside;
        if (artifactUri != null && !artifactUri.startsWith("file:") && !artifactUri.isEmpty()) {
            report.skip("runs whose artifacts are not in the file store (import them from the MLflow server instead)", artifactUri);
        }
        return null;
    }

    private static void readMetrics(Path metrics, SourceRun.PointSink sink) throws IOException {
        for (var file : filesUnder(metrics)) {
            String key = relativeKey(metrics, file);
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.isBlank()) continue;
                    int first = line.indexOf(' ');
                    int second = line.indexOf(' ', first + 1);
                    long timestamp = Long.parseLong(line, 0, first, 10);
                    double value = MlflowValues.parseDouble(line.substring(first + 1, second < 0 ? line.length() : second));
                    long step = second < 0 ? 0 : Long.parseLong(line, second + 1, line.length(), 10);
                    sink.point(key, step, timestamp, value);
                }
            }
        }
    }

    private List<DatasetInput> inputs(Path experimentFolder, Path runFolder) throws IOException {
        var inputs = new ArrayList<DatasetInput>();
        for (var file : filesUnder(runFolder.resolve("inputs"))) {
            if (!file.getFileName().toString().equals("meta.yaml")) continue;
            var link = yaml(file);
            if (link == null || !"DATASET".equals(link.get("source_type"))) continue;
            var dataset = yaml(experimentFolder.resolve("datasets").resolve(text(link.get("source_id"))).resolve("meta.yaml"));
            if (dataset == null) continue;
            var tags = new LinkedHashMap<String, String>();
            if (link.get("tags") instanceof Map<?, ?> map) map.forEach((k, v) -> tags.put(String.valueOf(k), String.valueOf(v)));
            inputs.add(new DatasetInput(new Dataset(text(dataset.get("name")), text(dataset.get("digest")),
                    text(dataset.get("source_type")), text(dataset.get("source")), text(dataset.get("schema")),
                    text(dataset.get("profile"))), tags));
        }
        return inputs;
    }

    private static List<SourceArtifact> listFiles(Path folder) throws IOException {
        var files = new ArrayList<SourceArtifact>();
        for (var file : filesUnder(folder)) {
            files.add(new SourceArtifact(relativeKey(folder, file), Files.size(file), sha256(file), () -> Files.newInputStream(file)));
        }
        return files;
    }

    /** Each file's content is one value; keys with '/' are nested folders. */
    private static Map<String, String> keyValueFiles(Path folder) throws IOException {
        var values = new LinkedHashMap<String, String>();
        for (var file : filesUnder(folder)) values.put(relativeKey(folder, file), Files.readString(file, StandardCharsets.UTF_8));
        return values;
    }

    private static List<Path> filesUnder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String relativeKey(Path folder, Path file) {
        return folder.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        if (!Files.isRegularFile(file)) return null;
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Map<String, Object> map = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            return map;
        } catch (RuntimeException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * An experiment's or run's id: the text in meta.yaml, or the folder's name (which the file store names after the
     * id) when YAML read the id as a number. An unquoted {@code 0000…0010} is octal 8 and {@code 0000…0090} the float
     * 90.0 to YAML 1.1, so two runs could read as one; the mlflow client quotes such ids, other writers may not.
     */
    private static String idOf(Object value, Path folder) {
        return value instanceof String id ? id : folder.getFileName().toString();
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static String numericOrder(String id) {
        return String.format("%30s", id);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
