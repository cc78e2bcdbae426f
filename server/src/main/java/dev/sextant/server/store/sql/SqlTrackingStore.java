package dev.sextant.server.store.sql;

import dev.sextant.server.domain.ArtifactFile;
import dev.sextant.server.domain.ArtifactListing;
import dev.sextant.server.domain.DatasetInput;
import dev.sextant.server.domain.Envelope;
import dev.sextant.server.domain.EnvelopeBucket;
import dev.sextant.server.domain.Experiment;
import dev.sextant.server.domain.ExperimentKeys;
import dev.sextant.server.domain.IntervalMean;
import dev.sextant.server.domain.LifecycleStage;
import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.domain.MetricSummary;
import dev.sextant.server.domain.ModelMetric;
import dev.sextant.server.domain.Page;
import dev.sextant.server.domain.RawPoint;
import dev.sextant.server.domain.Run;
import dev.sextant.server.domain.RunModelLink;
import dev.sextant.server.domain.SlicedPage;
import dev.sextant.server.domain.ViewType;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.search.ExperimentSearchSql;
import dev.sextant.server.store.BatchResult;
import dev.sextant.server.store.NewRun;
import dev.sextant.server.store.RunQuery;
import dev.sextant.server.store.RunUpdate;
import dev.sextant.server.store.SearchPlan;
import dev.sextant.server.store.TrackingStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.jdbi.v3.core.Handle;

/** The tracking store on SQL: each public method is one transaction through {@link Database}. */
public final class SqlTrackingStore implements TrackingStore {
    private final Database database;
    /** Metric-only writes queued together on SQLite's single writer go in as one batch (ADR 0011). */
    private final MetricBatchWrites metricBatches;
    private final SearchPlan searchPlan;

    public SqlTrackingStore(Database database) {
        this(database, SearchPlan.DEFAULT);
    }

    /** A store whose run searches read runs as {@code searchPlan} says (tests compare plans on the same runs). */
    public SqlTrackingStore(Database database, SearchPlan searchPlan) {
        this.database = database;
        this.metricBatches = new MetricBatchWrites(database.dialect());
        this.searchPlan = searchPlan;
    }

    @Override
    public Experiment createExperiment(String name, String description, Map<String, String> tags, long nowMs) {
        long id = database.write(handle -> {
            long newId = ExperimentSql.insert(handle, name, description, nowMs);
            ExperimentSql.upsertTags(handle, newId, tags);
            return newId;
        });
        return findExperiment(Long.toString(id)).orElseThrow();
    }

    @Override
    public Optional<Experiment> findExperiment(String experimentId) {
        var id = parseExperimentId(experimentId);
        if (id.isEmpty()) return Optional.empty();
        return database.read(handle -> ExperimentSql.find(handle, id.get()));
    }

    @Override
    public Optional<Experiment> findExperimentByName(String name) {
        return database.read(handle -> ExperimentSql.findIdByName(handle, name).flatMap(id -> ExperimentSql.find(handle, id)));
    }

    @Override
    public List<Experiment> listExperiments(ViewType view) {
        return database.read(handle -> ExperimentSql.list(handle, view));
    }

    @Override
    public Optional<String> findExperimentId(String experimentId) {
        var id = parseExperimentId(experimentId);
        if (id.isEmpty()) return Optional.empty();
        return database.read(handle -> ExperimentSql.findIdentity(handle, id.get()).map(Object::toString));
    }

    @Override
    public Optional<String> findExperimentIdByName(String name) {
        return database.read(handle -> ExperimentSql.findIdByName(handle, name).map(Object::toString));
    }

    @Override
    public ExperimentKeys listExperimentKeys(String experimentId) {
        long id = requireExperimentId(experimentId);
        return database.read(handle -> {
            if (ExperimentSql.findIdentity(handle, id).isEmpty()) throw SextantException.notFound("experiment", experimentId);
            return ExperimentKeySql.list(handle, id);
        });
    }

    @Override
    public Page<Experiment> searchExperiments(ViewType view, String filter, List<String> orderBy, int maxResults,
                                              String pageToken) {
        var where = ExperimentSearchSql.where(filter);
        var order = ExperimentSearchSql.orderBy(orderBy);
        int offset = RunSearchQuery.decodeOffset(pageToken);
        var rows = database.read(handle -> ExperimentSql.search(handle, view, where, order, maxResults + 1, offset));
        if (rows.size() <= maxResults) return new Page<>(rows, null);
        return new Page<>(rows.subList(0, maxResults), RunSearchQuery.encodeOffset(offset + maxResults));
    }

    @Override
    public void updateExperiment(String experimentId, String name, String description, long nowMs) {
        long id = requireExperimentId(experimentId);
        database.writeVoid(handle -> ExperimentSql.update(handle, id, name, description, nowMs));
    }

    @Override
    public void setExperimentTags(String experimentId, Map<String, String> tags, long nowMs) {
        long id = requireExperimentId(experimentId);
        database.writeVoid(handle -> {
            ExperimentSql.requireActive(handle, id, database.dialect().shareLock());
            ExperimentSql.upsertTags(handle, id, tags);
        });
    }

    @Override
    public void deleteExperimentTag(String experimentId, String key) {
        long id = requireExperimentId(experimentId);
        database.writeVoid(handle -> {
            ExperimentSql.requireActive(handle, id, database.dialect().shareLock());
            ExperimentSql.deleteTag(handle, id, key);
        });
    }

    @Override
    public void setExperimentLifecycle(String experimentId, LifecycleStage stage, long nowMs) {
        long id = requireExperimentId(experimentId);
        database.writeVoid(handle -> ExperimentSql.setLifecycle(handle, id, stage, nowMs));
    }

    @Override
    public void createRun(NewRun run) {
        long experimentId = requireExperimentId(run.experimentId());
        database.writeVoid(handle -> {
            ExperimentSql.requireActive(handle, experimentId, database.dialect().shareLock());
            if (run.parentRunId() != null && !RunSql.exists(handle, run.parentRunId())) {
                throw SextantException.notFound("parent run", run.parentRunId());
            }
            RunSql.insert(handle, run);
            ParamTagSql.insertParams(handle, run.runId(), run.params());
            ParamTagSql.upsertTags(handle, run.runId(), run.tags());
        });
    }

    @Override
    public Optional<Run> findRun(String runId) {
        return database.read(handle -> RunSql.find(handle, runId).map(row -> row.withDetails(
                ParamTagSql.params(handle, runId), ParamTagSql.tags(handle, runId), MetricReadSql.summaries(handle, runId),
                InputSql.forRuns(handle, List.of(runId)).getOrDefault(runId, List.of()),
                RunModelSql.forRuns(handle, List.of(runId)).getOrDefault(runId, List.of()))));
    }

    @Override
    public void updateRun(String runId, RunUpdate update, Map<String, String> tags) {
        database.writeVoid(handle -> {
            RunSql.update(handle, runId, update);
            ParamTagSql.upsertTags(handle, runId, tags);
            if (update.status() != null && update.status().isTerminal()) ChunkSealer.sealRun(handle, runId, database.dialect());
        });
    }

    @Override
    public void setRunLifecycle(String runId, LifecycleStage stage, long nowMs) {
        database.writeVoid(handle -> RunSql.setLifecycle(handle, runId, stage, nowMs));
    }

    @Override
    public BatchResult logBatch(String runId, List<MetricPoint> metrics, Map<String, String> params, Map<String, String> tags) {
        return logBatch(runId, metrics, params, tags, List.of());
    }

    @Override
    public BatchResult logBatch(String runId, List<MetricPoint> metrics, Map<String, String> params, Map<String, String> tags,
                                List<ModelMetric> modelMetrics, String newName) {
        if (params.isEmpty() && tags.isEmpty() && modelMetrics.isEmpty() && newName == null) {
            return database.write(handle -> {
                RunSql.requireActive(handle, runId);
                return MetricWriteSql.insert(handle, runId, metrics, database.dialect());
            }, metricBatches, new RunPoints(runId, metrics));
        }
        return database.write(handle -> {
            RunSql.requireActive(handle, runId);
            if (newName != null) RunSql.update(handle, runId, new RunUpdate(null, null, newName, null));
            ParamTagSql.insertParams(handle, runId, params);
            ParamTagSql.upsertTags(handle, runId, tags);
            for (var modelId : modelMetrics.stream().map(ModelMetric::modelId).distinct().toList()) {
                LoggedModelSql.requireActive(handle, modelId);
            }
            ModelMetricSql.insert(handle, modelMetrics);
            return MetricWriteSql.insert(handle, runId, metrics, database.dialect());
        });
    }

    @Override
    public void logInputs(String runId, List<DatasetInput> inputs) {
        logInputs(runId, inputs, List.of());
    }

    @Override
    public void logInputs(String runId, List<DatasetInput> inputs, List<RunModelLink> models) {
        database.writeVoid(handle -> {
            RunSql.requireActive(handle, runId);
            for (var model : models) {
                if (LoggedModelSql.find(handle, model.modelId()).isEmpty()) throw LoggedModelSql.notFound(model.modelId());
            }
            RunModelSql.insert(handle, runId, models);
            InputSql.insert(handle, runId, RunSql.find(handle, runId).orElseThrow().experimentId(), inputs);
        });
    }

    @Override
    public void updateRunTag(String runId, String key, java.util.function.UnaryOperator<String> update) {
        database.writeVoid(handle -> {
            RunSql.lock(handle, runId);
            RunSql.requireActive(handle, runId);
            ParamTagSql.upsertTags(handle, runId, Map.of(key, update.apply(ParamTagSql.tags(handle, runId).get(key))));
        });
    }

    @Override
    public void deleteRunTag(String runId, String key) {
        database.writeVoid(handle -> {
            RunSql.requireActive(handle, runId);
            ParamTagSql.deleteTag(handle, runId, key);
        });
    }

    @Override
    public Page<Run> searchRuns(RunQuery query) {
        return search(query, (handle, page) -> new Page<>(withDetails(handle, page.rows()), page.nextPageToken()));
    }

    @Override
    public SlicedPage<Run> searchRunsInSlices(RunQuery query, int slice) {
        // The first slice is read with the page's rows (a page of one slice costs what searchRuns does).
        var first = search(query, (handle, page) -> {
            var rows = page.rows();
            return new FirstSlice(rows, withDetails(handle, rows.subList(0, Math.min(slice, rows.size()))), page.nextPageToken());
        });
        return new SlicedPage<>(() -> new RunSlices(first.rows(), first.runs(), slice,
                rows -> database.read(handle -> withDetails(handle, rows))), first.nextPageToken());
    }

    /** One search in one read transaction: the page's rows, then what {@code answer} reads of them on that handle. */
    private <T> T search(RunQuery query, BiFunction<Handle, RunSearchQuery.RowsPage, T> answer) {
        for (var id : query.experimentIds()) requireExperimentId(id);
        var beforeSearch = database.dialect().beforeSearch();
        return database.read(handle -> {
            if (beforeSearch != null) handle.execute(beforeSearch);
            return answer.apply(handle, RunSearchQuery.run(handle, query, searchPlan));
        });
    }

    private record FirstSlice(List<RunSql.RunRow> rows, List<Run> runs, String nextPageToken) {}

    private static List<Run> withDetails(Handle handle, List<RunSql.RunRow> rows) {
        var ids = rows.stream().map(RunSql.RunRow::runId).toList();
        var params = ParamTagSql.forRuns(handle, "params", ids);
        var tags = ParamTagSql.forRuns(handle, "run_tags", ids);
        var metrics = MetricReadSql.summariesFor(handle, ids);
        var inputs = InputSql.forRuns(handle, ids);
        var models = RunModelSql.forRuns(handle, ids);
        return rows.stream().map(row -> row.withDetails(
                params.getOrDefault(row.runId(), Map.of()),
                tags.getOrDefault(row.runId(), Map.of()),
                metrics.getOrDefault(row.runId(), List.of()),
                inputs.getOrDefault(row.runId(), List.of()),
                models.getOrDefault(row.runId(), List.of()))).toList();
    }

    @Override
    public List<MetricSummary> listMetrics(String runId) {
        return database.read(handle -> {
            if (!RunSql.exists(handle, runId)) throw SextantException.notFound("run", runId);
            return MetricReadSql.summaries(handle, runId);
        });
    }

    @Override
    public Optional<Envelope> readEnvelope(String runId, String key, int buckets, Long fromStep, Long toStep) {
        return database.readSnapshot(handle -> MetricReadSql.envelope(handle, runId, key, buckets, fromStep, toStep));
    }

    @Override
    public Optional<List<EnvelopeBucket>> readIntervals(String runId, String key, long[] starts, long lastStep) {
        return database.readSnapshot(handle -> IntervalReadSql.intervals(handle, runId, key, starts, lastStep));
    }

    @Override
    public Optional<List<IntervalMean>> readIntervalMeans(String runId, String key, long[] starts, long lastStep) {
        return database.readSnapshot(handle -> IntervalMeanSql.means(handle, runId, key, starts, lastStep));
    }

    @Override
    public Map<String, List<IntervalMean>> readIntervalMeans(List<String> runIds, String key, long[] starts, long lastStep) {
        return database.readSnapshot(handle -> IntervalMeanSql.means(handle, runIds, key, starts, lastStep));
    }

    @Override
    public Page<RawPoint> readPoints(String runId, String key, Long fromStep, Long toStep, int maxResults, String pageToken) {
        return database.readSnapshot(handle -> MetricReadSql.points(handle, runId, key, fromStep, toStep, maxResults, pageToken))
                .orElseThrow(() -> SextantException.notFound("metric", key));
    }

    @Override
    public void recordArtifact(String runId, ArtifactFile file) {
        database.writeVoid(handle -> {
            RunSql.requireActive(handle, runId);
            // Serialises the runs' artifact writes on PostgreSQL (SQLite has one writer), so the check below holds.
            handle.createQuery("SELECT run_id FROM runs WHERE run_id = :runId" + database.dialect().updateLock())
                    .bind("runId", runId).mapTo(String.class).findOne();
            // Checked before the upload too; here it catches a concurrent upload of a file where this one is a
            // folder (x and x/inner), which both passed that check.
            artifactConflict(handle, runId, file.path()).ifPresent(reason -> {
                throw SextantException.invalidState("cannot write artifact '" + file.path() + "': " + reason
                        + " (written by a concurrent upload)");
            });
            ArtifactSql.RUNS.upsert(handle, runId, file);
        });
    }

    @Override
    public Optional<ArtifactFile> findArtifact(String runId, String path) {
        return database.read(handle -> ArtifactSql.RUNS.find(handle, runId, path));
    }

    @Override
    public ArtifactListing listArtifacts(String runId, String folder) {
        var files = listArtifactFiles(runId, folder);
        return ArtifactFolders.listing(folder, files);
    }

    @Override
    public List<ArtifactFile> listArtifactFiles(String runId, String folder) {
        return database.read(handle -> ArtifactSql.RUNS.listUnder(handle, runId, folder.isEmpty() ? "" : folder + "/"));
    }

    @Override
    public Optional<String> findArtifactConflict(String runId, String path) {
        return database.read(handle -> artifactConflict(handle, runId, path));
    }

    private static Optional<String> artifactConflict(Handle handle, String runId, String path) {
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            var ancestor = path.substring(0, slash);
            if (ArtifactSql.RUNS.find(handle, runId, ancestor).isPresent()) return Optional.of("'" + ancestor + "' is a file");
        }
        if (ArtifactSql.RUNS.anyUnder(handle, runId, path + "/")) return Optional.of("'" + path + "' is a folder");
        return Optional.empty();
    }

    @Override
    public boolean deleteArtifact(String runId, String path) {
        return database.write(handle -> {
            RunSql.requireActive(handle, runId);
            return ArtifactSql.RUNS.delete(handle, runId, path) > 0;
        });
    }

    @Override
    public int deleteArtifacts(String runId, String folder) {
        return database.write(handle -> {
            RunSql.requireActive(handle, runId);
            return ArtifactSql.RUNS.deleteUnder(handle, runId, folder.isEmpty() ? "" : folder + "/");
        });
    }

    @Override
    public int purgeArtifacts(String runId) {
        return database.write(handle -> {
            var run = RunSql.find(handle, runId).orElseThrow(() -> SextantException.notFound("run", runId));
            if (run.stage() != LifecycleStage.DELETED) {
                throw SextantException.invalidState("run '" + runId + "' is active; delete it before purging its artifacts");
            }
            return ArtifactSql.RUNS.deleteUnder(handle, runId, "");
        });
    }

    @Override
    public void close() {
        database.close();
    }

    private static Optional<Long> parseExperimentId(String experimentId) {
        try {
            return Optional.of(Long.parseLong(experimentId));
        } catch (NumberFormatException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static long requireExperimentId(String experimentId) {
        return parseExperimentId(experimentId).orElseThrow(() -> SextantException.notFound("experiment", experimentId));
    }
}
