package dev.sextant.server.importer;

import dev.sextant.server.artifact.ArtifactPath;
import dev.sextant.server.domain.Experiment;
import dev.sextant.server.domain.LifecycleStage;
import dev.sextant.server.domain.MetricSummary;
import dev.sextant.server.domain.Run;
import dev.sextant.server.domain.RunStatus;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.service.CreateRunCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Copies what an {@link ImportSource} holds into Sextant through the services, run by run, so that running it again
 * changes nothing and running it after an interruption finishes the job: run ids are stable ({@link RunIds}), params
 * and tags are idempotent, points resume where they stopped ({@link PointWriter}), files already stored with the same
 * size and checksum are skipped, and a run whose source is finished is marked complete last, so later imports skip it.
 */
public final class Importer {
    static final String MLFLOW_PARENT_TAG = "mlflow.parentRunId";
    private final ImportTarget target;
    private final ImportProgress progress;
    private final int batchSize;

    public Importer(ImportTarget target, ImportProgress progress, int batchSize) {
        this.target = target;
        this.progress = progress;
        this.batchSize = batchSize;
    }

    public ImportReport run(ImportSource source) throws IOException {
        var report = new ImportReport();
        var experiments = source.experiments(report);
        progress.start(source.describe(), experiments.stream().mapToLong(e -> e.runs().size()).sum());
        var ids = new RunIds(target, source.kind());
        var keys = new ImportKeys(report);
        for (var experiment : experiments) importExperiment(experiment, ids, keys, report);
        return report;
    }

    private void importExperiment(SourceExperiment source, RunIds ids, ImportKeys keys, ImportReport report) {
        var found = target.findExperiment(source.name());
        Experiment experiment;
        if (found.isEmpty()) {
            experiment = target.experiments().create(source.name(), source.description(), keys.cleanAll("experiment tag", source.tags()));
            report.experimentCreated();
        } else {
            experiment = found.get();
            if (experiment.lifecycleStage() == LifecycleStage.DELETED) {
                boolean done = source.runs().stream().allMatch(run -> ids.find(run).filter(imported -> RunIds.isDone(imported, run)).isPresent());
                if (done || !source.deleted()) {
                    String outcome = done ? "already imported" : "skipped: its experiment is deleted in Sextant";
                    if (!done) report.skip("runs whose experiment is deleted in Sextant (restore it to import into it)", source.name());
                    for (var run : source.runs()) {
                        if (done) report.runAlreadyImported();
                        progress.runFinished(label(source, run), outcome);
                    }
                    return;
                }
                target.experiments().restore(experiment.experimentId());
            }
            var tags = keys.cleanAll("experiment tag", source.tags());
            if (!tags.isEmpty()) target.experiments().setTags(experiment.experimentId(), tags);
        }
        var runIds = new HashMap<String, String>();
        for (var run : parentsFirst(source.runs())) {
            try {
                importRun(experiment, source, run, ids, keys, runIds, report);
            } catch (SextantException | UncheckedIOException e) {
                report.failed(label(source, run) + ": " + e.getMessage());
                progress.runFinished(label(source, run), "failed: " + e.getMessage());
            }
        }
        if (source.deleted() && !"0".equals(experiment.experimentId())) target.experiments().delete(experiment.experimentId());
    }

    private void importRun(Experiment experiment, SourceExperiment sourceExperiment, SourceRun run, RunIds ids,
                           ImportKeys keys, Map<String, String> runIds, ImportReport report) {
        String label = label(sourceExperiment, run);
        progress.runStarted(label);
        var claim = ids.claim(run);
        String runId = claim.runId();
        runIds.put(run.sourceId(), runId);
        if (claim.renamed()) report.runRenamed(run.preferredRunId() + " → " + runId + " (" + label + ")");
        var existing = claim.existing();
        if (existing.isPresent() && RunIds.isDone(existing.get(), run)) {
            if (run.deleted() && existing.get().lifecycleStage() == LifecycleStage.ACTIVE) target.runs().delete(runId);
            report.runAlreadyImported();
            progress.runFinished(label, "already imported");
            return;
        }
        if (existing.isPresent() && existing.get().lifecycleStage() == LifecycleStage.DELETED) {
            if (!run.deleted()) {
                report.skip("runs deleted in Sextant (restore them to import into them)", label);
                progress.runFinished(label, "skipped: deleted in Sextant");
                return;
            }
            target.runs().restore(runId);
        }
        String parentRunId = parentOf(run, runIds, report, label);
        var params = keys.cleanAll("param", run.params());
        var tags = new LinkedHashMap<>(keys.cleanAll("tag", run.tags()));
        if (parentRunId != null && tags.containsKey(MLFLOW_PARENT_TAG)) tags.put(MLFLOW_PARENT_TAG, parentRunId);
        tags.put(RunIds.SOURCE_TAG, ids.kindName());
        tags.put(RunIds.SOURCE_ID_TAG, run.sourceId());
        if (existing.isEmpty()) {
            target.runs().create(new CreateRunCommand(experiment.experimentId(), null, runId, run.name(), run.user(),
                    run.startTimeMs(), parentRunId, params, tags));
        } else {
            target.runs().logParams(runId, params);
            target.runs().setTags(runId, tags);
        }
        writePoints(run, runId, existing.isPresent(), keys, report);
        if (!run.inputs().isEmpty()) target.runs().logInputs(runId, "inputs", run.inputs());
        writeArtifacts(run, runId, report);
        if (run.status() != RunStatus.RUNNING || run.endTimeMs() != null || run.notes() != null) {
            target.runs().update(runId, run.status(), run.endTimeMs(), null, run.notes());
        }
        var complete = RunIds.completeTags(run);
        if (!complete.isEmpty()) target.runs().setTags(runId, complete);
        if (run.deleted()) target.runs().delete(runId);
        report.runImported();
        progress.runFinished(label, "imported");
    }

    private void writePoints(SourceRun run, String runId, boolean resuming, ImportKeys keys, ImportReport report) {
        Map<String, Long> stored = resuming
                ? target.metrics().list(runId).stream().collect(Collectors.toMap(MetricSummary::key, MetricSummary::count))
                : Map.of();
        var writer = new PointWriter(target.metrics(), runId, batchSize, stored, keys, report, progress);
        try {
            run.metrics().read(writer, report);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the metrics of " + run.sourceId() + " failed: " + e.getMessage(), e);
        }
        writer.flush();
        report.points(0, writer.skipped());
    }

    private void writeArtifacts(SourceRun run, String runId, ImportReport report) {
        try {
            for (var file : run.artifacts().list(report)) writeArtifact(runId, file, report);
        } catch (IOException e) {
            throw new UncheckedIOException("copying the files of " + run.sourceId() + " failed: " + e.getMessage(), e);
        }
    }

    private void writeArtifact(String runId, SourceArtifact file, ImportReport report) throws IOException {
        ArtifactPath path;
        try {
            path = ArtifactPath.of(file.path());
        } catch (SextantException e) {
            report.skip("files whose path Sextant refuses", file.path() + ": " + e.getMessage());
            return;
        }
        var stored = target.findArtifact(runId, path);
        if (stored.isPresent() && stored.get().sizeBytes() == file.sizeBytes()
                && (file.sha256() == null || file.sha256().equals(stored.get().sha256()))) {
            report.artifactAlreadyStored();
            return;
        }
        try (var in = file.opener().open()) {
            var written = target.artifacts().put(runId, path, in, file.sizeBytes(), null);
            if (file.sizeBytes() >= 0 && written.sizeBytes() != file.sizeBytes()) {
                throw new IOException(file.path() + ": the source said " + file.sizeBytes() + " bytes, " + written.sizeBytes() + " arrived");
            }
            if (file.sha256() != null && !file.sha256().equals(written.sha256())) {
                throw new IOException(file.path() + ": SHA-256 of the stored copy differs from the source's");
            }
            report.artifactWritten(written.sizeBytes());
            progress.bytes(written.sizeBytes());
        }
    }

    private static String parentOf(SourceRun run, Map<String, String> runIds, ImportReport report, String label) {
        if (run.parentSourceId() == null) return null;
        String parent = runIds.get(run.parentSourceId());
        if (parent == null) report.skip("parent links to runs outside this import", label + " → " + run.parentSourceId());
        return parent;
    }

    /** Parents before their children (any depth); otherwise the source's order. */
    static List<SourceRun> parentsFirst(List<SourceRun> runs) {
        var bySource = runs.stream().collect(Collectors.toMap(SourceRun::sourceId, run -> run, (a, b) -> a));
        var depth = new HashMap<String, Integer>();
        for (var run : runs) depth.put(run.sourceId(), depthOf(run, bySource, 0));
        var ordered = new ArrayList<>(runs);
        ordered.sort(Comparator.comparingInt(run -> depth.get(run.sourceId())));
        return ordered;
    }

    private static int depthOf(SourceRun run, Map<String, SourceRun> bySource, int guard) {
        var parent = run.parentSourceId() == null ? null : bySource.get(run.parentSourceId());
        return parent == null || guard > 100 ? 0 : 1 + depthOf(parent, bySource, guard + 1);
    }

    private static String label(SourceExperiment experiment, SourceRun run) {
        return experiment.name() + "/" + (run.name() == null || run.name().isEmpty() ? run.sourceId() : run.name());
    }
}
