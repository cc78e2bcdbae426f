package dev.sextant.server.store;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Metadata and metrics. Every method is one transaction, safe to call from many threads.
 * Rules that must be atomic with a write (a run is active, a param never changes, a name is unique)
 * are checked here and reported as {@link dev.sextant.server.error.SextantException}.
 */
public interface TrackingStore extends AutoCloseable {

    Experiment createExperiment(String name, String description, Map<String, String> tags, long nowMs);

    Optional<Experiment> findExperiment(String experimentId);

    Optional<Experiment> findExperimentByName(String name);

    /** The experiment's id as stored, if it exists: cheaper than {@link #findExperiment}, which counts its runs. */
    Optional<String> findExperimentId(String experimentId);

    /** The id of the experiment with this name, if there is one, without counting its runs. */
    Optional<String> findExperimentIdByName(String name);

    List<Experiment> listExperiments(ViewType view);

    /** The param, metric and tag keys the experiment's runs use; RESOURCE_DOES_NOT_EXIST for no such experiment. */
    ExperimentKeys listExperimentKeys(String experimentId);

    /** One page of experiments matching an MLflow-style filter, in order_by order (see ExperimentSearchSql). */
    Page<Experiment> searchExperiments(ViewType view, String filter, List<String> orderBy, int maxResults, String pageToken);

    /** Renames and/or re-describes (null leaves a field as it is); only an active experiment. */
    void updateExperiment(String experimentId, String name, String description, long nowMs);

    void setExperimentTags(String experimentId, Map<String, String> tags, long nowMs);

    void deleteExperimentTag(String experimentId, String key);

    void setExperimentLifecycle(String experimentId, LifecycleStage stage, long nowMs);

    /** Creates a run in an active experiment; the run id must be new. */
    void createRun(NewRun run);

    Optional<Run> findRun(String runId);

    default void updateRun(String runId, RunUpdate update) {
        updateRun(runId, update, Map.of());
    }

    /** Updates the run and sets {@code tags} on it in one transaction. */
    void updateRun(String runId, RunUpdate update, Map<String, String> tags);

    void setRunLifecycle(String runId, LifecycleStage stage, long nowMs);

    /**
     * Logs points, params and tags to an active run in one transaction. Points already stored are
     * skipped (a re-sent batch is harmless); a param logged again with a different value fails the
     * whole batch.
     */
    /** Links datasets the run read (created in its experiment when new); a dataset it already has is kept as it is. */
    void logInputs(String runId, List<DatasetInput> inputs);

    /** {@link #logInputs(String, List)} and links to logged models the run used; every model must exist. */
    void logInputs(String runId, List<DatasetInput> inputs, List<RunModelLink> models);

    BatchResult logBatch(String runId, List<MetricPoint> metrics, Map<String, String> params, Map<String, String> tags);

    /**
     * {@link #logBatch(String, List, Map, Map)} that also records points for logged models (MLflow 3's model_id on a
     * metric), in the same transaction; every model named must exist and not be deleted.
     */
    default BatchResult logBatch(String runId, List<MetricPoint> metrics, Map<String, String> params, Map<String, String> tags,
                                 List<ModelMetric> modelMetrics) {
        return logBatch(runId, metrics, params, tags, modelMetrics, null);
    }

    /** {@link #logBatch(String, List, Map, Map, List)} that also renames the run ({@code newName} null: keeps it), all in one transaction. */
    BatchResult logBatch(String runId, List<MetricPoint> metrics, Map<String, String> params, Map<String, String> tags,
                         List<ModelMetric> modelMetrics, String newName);

    /**
     * Rewrites one tag of an active run from its current value (null when it has none) in one transaction that holds
     * the run's row lock, so concurrent rewrites of the same run apply one after the other and none is lost.
     */
    void updateRunTag(String runId, String key, java.util.function.UnaryOperator<String> update);

    void deleteRunTag(String runId, String key);

    Page<Run> searchRuns(RunQuery query);

    /**
     * The same page as {@link #searchRuns}, its runs' details (params, tags, metrics, inputs, models) read
     * {@code slice} runs at a time as the items are iterated, each slice in a read of its own after the page's runs
     * were chosen (a run deleted for good in between comes without the details it lost).
     */
    SlicedPage<Run> searchRunsInSlices(RunQuery query, int slice);

    List<MetricSummary> listMetrics(String runId);

    /** About {@code buckets} buckets of the series between the steps (null = its whole extent). */
    Optional<Envelope> readEnvelope(String runId, String key, int buckets, Long fromStep, Long toStep);

    /**
     * Exact summaries of the series over consecutive step intervals: interval i holds the steps
     * [starts[i], starts[i+1] − 1], the last one up to {@code lastStep}; {@code starts} is strictly increasing.
     * One bucket per interval that holds points, in order; empty when the series does not exist.
     */
    Optional<List<EnvelopeBucket>> readIntervals(String runId, String key, long[] starts, long lastStep);

    /**
     * As {@link #readIntervals}, but only each interval's point count and mean (of its non-NaN values), summed by
     * the database: what group statistics need, at a fraction of the rows.
     */
    Optional<List<IntervalMean>> readIntervalMeans(String runId, String key, long[] starts, long lastStep);

    /**
     * {@link #readIntervalMeans(String, String, long[], long)} of many runs on one grid, by run id; a run without
     * the series (or that does not exist) is left out. Each run's means are read from one snapshot, and equal what
     * the one-run read gives.
     */
    Map<String, List<IntervalMean>> readIntervalMeans(List<String> runIds, String key, long[] starts, long lastStep);

    /** Raw points in (step, timestamp) order, paged by an opaque token. */
    Page<RawPoint> readPoints(String runId, String key, Long fromStep, Long toStep, int maxResults, String pageToken);

    /** Records (or replaces) the index row of a file just stored; the run must exist and be active. */
    void recordArtifact(String runId, ArtifactFile file);

    Optional<ArtifactFile> findArtifact(String runId, String path);

    /**
     * The files directly in {@code folder} ("" = the run's top level) and its immediate sub-folders, derived
     * from the indexed paths; the object store is never walked.
     */
    ArtifactListing listArtifacts(String runId, String folder);

    /** Every file under {@code folder} ("" = all of the run's files), at any depth, sorted by path. */
    List<ArtifactFile> listArtifactFiles(String runId, String folder);

    /**
     * Why {@code path} cannot be a file: an indexed file that is one of its ancestors, or files below it
     * (it is a folder). Empty when it can.
     */
    Optional<String> findArtifactConflict(String runId, String path);

    /** Removes one file's index row from an active run; false when there was none. */
    boolean deleteArtifact(String runId, String path);

    /** Removes the index rows of every file under {@code folder} of an active run; returns how many. */
    int deleteArtifacts(String runId, String folder);

    /** Removes every index row of a run that is deleted (purge); returns how many. */
    int purgeArtifacts(String runId);

    @Override
    void close();
}
