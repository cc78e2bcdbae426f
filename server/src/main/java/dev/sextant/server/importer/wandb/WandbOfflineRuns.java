package dev.sextant.server.importer.wandb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sextant.server.importer.ImportReport;
import dev.sextant.server.importer.ImportSource;
import dev.sextant.server.importer.SourceArtifact;
import dev.sextant.server.importer.SourceExperiment;
import dev.sextant.server.importer.SourceRun;
import dev.sextant.server.service.ParamText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * W&B runs on disk, as {@code WANDB_MODE=offline} leaves them: every {@code run-*.wandb} under the folder (a
 * {@code wandb/} folder, or one {@code offline-run-*} folder), its run's files in {@code files/} beside it. One
 * experiment per W&B project. The config (flattened to dotted keys, as Sextant stores config) becomes params; name,
 * notes and tags the run's; history rows the points; numeric summary values that are not history keys (final
 * scores) one point each at the last step. A run's identity is (project, W&B run id); its fingerprint is its log
 * file's size, so a run still writing is read again next time.
 */
public final class WandbOfflineRuns implements ImportSource {
    private final Path root;
    private final String experimentOverride;

    public WandbOfflineRuns(Path root, String experimentOverride) {
        this.root = root.toAbsolutePath().normalize();
        this.experimentOverride = experimentOverride;
    }

    @Override
    public String kind() {
        return "wandb";
    }

    @Override
    public String describe() {
        return "W&B offline runs " + root;
    }

    @Override
    public List<SourceExperiment> experiments(ImportReport report) throws IOException {
        if (!Files.isDirectory(root)) throw new IOException("no folder " + root);
        List<Path> logs;
        try (Stream<Path> walk = Files.walk(root)) {
            logs = walk.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().matches("run-.*\\.wandb")).sorted().toList();
        }
        var byProject = new TreeMap<String, List<SourceRun>>();
        for (Path log : logs) {
            var meta = new WandbRunLog(log).meta(report);
            if (meta.run == null) {
                report.skip("W&B run files without a run record", log.toString());
                continue;
            }
            String project = meta.run.getProject().isEmpty() ? "uncategorized" : meta.run.getProject();
            byProject.computeIfAbsent(experimentOverride != null ? experimentOverride : project, p -> new ArrayList<>())
                    .add(run(log, meta, project, report));
        }
        var experiments = new ArrayList<SourceExperiment>();
        byProject.forEach((name, runs) -> experiments.add(new SourceExperiment(name, name, "", Map.of(), false, runs)));
        return experiments;
    }

    private SourceRun run(Path log, WandbRunLog.Meta meta, String project, ImportReport report) throws IOException {
        var run = meta.run;
        long start = run.getStartTime().getSeconds() * 1000 + run.getStartTime().getNanos() / 1_000_000;
        var status = WandbRunLog.status(meta);
        Long end = meta.exitCode == null ? null : start + meta.runtimeSeconds * 1000L;
        var tags = new LinkedHashMap<String, String>();
        tags.put("wandb.run_id", run.getRunId());
        tags.put("wandb.project", project);
        if (!run.getEntity().isEmpty()) tags.put("wandb.entity", run.getEntity());
        if (!run.getRunGroup().isEmpty()) tags.put("wandb.group", run.getRunGroup());
        if (!run.getJobType().isEmpty()) tags.put("wandb.job_type", run.getJobType());
        if (!run.getSweepId().isEmpty()) tags.put("wandb.sweep_id", run.getSweepId());
        if (!run.getHost().isEmpty()) tags.put("wandb.host", run.getHost());
        if (run.getTagsCount() > 0) tags.put("wandb.tags", WandbRunLog.JSON.writeValueAsString(run.getTagsList()));
        if (meta.exitCode != null) tags.put("wandb.exit_code", String.valueOf(meta.exitCode));
        var params = new LinkedHashMap<String, String>();
        meta.config.forEach((key, value) -> {
            if (key.equals("_wandb")) return;  // W&B's own bookkeeping (its versions, settings)
            flatten(key, value, params);
        });
        var finals = finalScores(meta, report);
        long lastStep = Math.max(meta.lastStep, 0);
        long finalTime = Math.max(meta.lastTimestampMs, start);
        var logFile = new WandbRunLog(log);
        Path files = log.getParent().resolve("files");
        return new SourceRun(project + "/" + run.getRunId(), null, run.getDisplayName().isEmpty() ? run.getRunId() : run.getDisplayName(),
                status, start, end, null, null, run.getNotes().isEmpty() ? null : run.getNotes(), false, params, tags, List.of(),
                String.valueOf(Files.size(log)),
                (sink, r) -> {
                    logFile.points(sink, r);
                    finals.forEach((key, value) -> sink.point(key, lastStep, finalTime, value));
                },
                r -> listFiles(files, r));
    }

    /** Summary values that are numbers and were never logged as history: final scores such as run.summary["best"]. */
    private static Map<String, Double> finalScores(WandbRunLog.Meta meta, ImportReport report) {
        var scores = new TreeMap<String, Double>();
        meta.summary.forEach((key, value) -> {
            if (key.startsWith("_") || meta.historyKeys.contains(key)) return;
            if (value.isNumber()) scores.put(key, value.asDouble());
            else report.skip("summary values that are not numbers", key);
        });
        return scores;
    }

    /** As the native API stores config: nested objects as dotted keys, leaves as JSON text (strings unquoted). */
    private static void flatten(String key, JsonNode node, Map<String, String> flat) {
        if (node.isObject() && !node.isEmpty()) {
            node.fields().forEachRemaining(field -> flatten(key + "." + field.getKey(), field.getValue(), flat));
            return;
        }
        flat.put(key, ParamText.of(node));
    }

    private static List<SourceArtifact> listFiles(Path folder, ImportReport report) throws IOException {
        var files = new ArrayList<SourceArtifact>();
        if (!Files.isDirectory(folder)) return files;
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(folder)) {
            paths = walk.filter(p -> !Files.isDirectory(p)).sorted().toList();
        }
        for (Path path : paths) {
            String relative = folder.relativize(path).toString().replace(java.io.File.separatorChar, '/');
            if (!Files.isRegularFile(path)) {  // a symlink (wandb.save) whose target is gone
                report.skip("run files that are links to files no longer there", relative);
                continue;
            }
            files.add(new SourceArtifact(relative, Files.size(path), null, () -> Files.newInputStream(path)));
        }
        return files;
    }
}
