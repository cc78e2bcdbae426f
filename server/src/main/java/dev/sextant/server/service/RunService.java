package dev.sextant.server.service;

import dev.sextant.server.domain.DatasetInput;
import dev.sextant.server.domain.LifecycleStage;
import dev.sextant.server.domain.Page;
import dev.sextant.server.domain.Run;
import dev.sextant.server.domain.RunModelLink;
import dev.sextant.server.domain.RunStatus;
import dev.sextant.server.domain.SlicedPage;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.store.NewRun;
import dev.sextant.server.store.RunQuery;
import dev.sextant.server.store.RunUpdate;
import dev.sextant.server.store.TrackingStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Rules for runs: ids, names, immutable config, tags, lifecycle and search limits. */
public final class RunService {
    private final TrackingStore store;
    private final ExperimentService experiments;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final RunNames names = new RunNames(random);
    private final UnaryOperator<String> artifactUri;
    private final Limits limits;

    /** {@code artifactUri} maps a new run's id to where its files will live, recorded as its artifact_uri. */
    public RunService(TrackingStore store, ExperimentService experiments, Clock clock, UnaryOperator<String> artifactUri,
                      Limits limits) {
        this.limits = limits;
        this.store = store;
        this.experiments = experiments;
        this.clock = clock;
        this.artifactUri = artifactUri;
    }

    public Run create(CreateRunCommand command) {
        return create(command, null);
    }

    /**
     * As above, and records the run's name (the one given or the one picked) as the tag {@code nameTag} too (MLflow's
     * mlflow.runName), in the same transaction; null records no such tag.
     */
    public Run create(CreateRunCommand command, String nameTag) {
        InputRules.params(limits, command.params());
        InputRules.tags(limits, command.tags());
        InputRules.runName(command.name());
        if (command.runId() != null && !InputRules.isRunId(command.runId())) {
            throw SextantException.invalid("run_id must be 32 lowercase hex digits, got '" + command.runId() + "'");
        }
        String experimentId = command.experimentId() != null ? experiments.requireId(command.experimentId())
                : command.experimentName() != null ? experiments.getOrCreateId(command.experimentName())
                : ExperimentService.DEFAULT_EXPERIMENT_ID;
        if (command.runId() != null) {
            var existing = store.findRun(command.runId());
            if (existing.isPresent()) return sameRunOrConflict(existing.get(), experimentId);
        }
        String runId = command.runId() != null ? command.runId() : newRunId();
        String name = command.name() == null || command.name().isBlank() ? names.next() : command.name();
        long start = command.startTimeMs() == null ? clock.millis() : command.startTimeMs();
        var tags = command.tags();
        if (nameTag != null) {
            tags = new LinkedHashMap<>(tags);
            tags.put(nameTag, name);
        }
        store.createRun(new NewRun(runId, experimentId, name, RunStatus.RUNNING, start,
                command.user() == null ? "" : command.user(), command.parentRunId(), artifactUri.apply(runId),
                command.params(), tags));
        return get(runId);
    }

    /** A replayed create (same client-chosen id) returns the run it made the first time. */
    private static Run sameRunOrConflict(Run existing, String experimentId) {
        if (!existing.experimentId().equals(experimentId)) {
            throw SextantException.alreadyExists("run '" + existing.runId() + "' already exists in experiment '"
                    + existing.experimentId() + "'");
        }
        return existing;
    }

    public Run get(String runId) {
        return store.findRun(runId).orElseThrow(() -> SextantException.notFound("run",
                runId == null ? null : SextantException.abbreviate(runId, 64)));
    }

    public Run update(String runId, RunStatus status, Long endTimeMs, String name, String notes) {
        return update(runId, status, endTimeMs, name, notes, Map.of());
    }

    /** As above, and sets {@code tags} in the same transaction. */
    public Run update(String runId, RunStatus status, Long endTimeMs, String name, String notes, Map<String, String> tags) {
        InputRules.runName(name);
        InputRules.tags(limits, tags);
        if (notes != null) InputRules.value("notes", notes, 100_000);
        Long end = endTimeMs;
        if (end == null && status != null && status.isTerminal()) end = clock.millis();
        store.updateRun(runId, new RunUpdate(status, end, name, notes), tags);
        return get(runId);
    }

    public void delete(String runId) {
        get(runId);
        store.setRunLifecycle(runId, LifecycleStage.DELETED, clock.millis());
    }

    public void restore(String runId) {
        get(runId);
        store.setRunLifecycle(runId, LifecycleStage.ACTIVE, clock.millis());
    }

    /** Adds config (flat dotted keys): the same value again is a no-op, a changed value is refused. */
    public void logParams(String runId, Map<String, String> params) {
        InputRules.params(limits, params);
        store.logBatch(runId, List.of(), params, Map.of());
    }

    public void setTags(String runId, Map<String, String> tags) {
        setTags(runId, tags, null);
    }

    /** Sets tags and renames the run to {@code newName} (null: keeps its name) in one transaction. */
    public void setTags(String runId, Map<String, String> tags, String newName) {
        InputRules.tags(limits, tags);
        InputRules.runName(newName);
        store.logBatch(runId, List.of(), Map.of(), tags, List.of(), newName);
    }

    /**
     * Rewrites one tag from its current value (null when the run has none), in one transaction that no concurrent
     * rewrite of the run can interleave with: an append never loses another. The new value obeys the value limit.
     */
    public void updateTag(String runId, String key, UnaryOperator<String> update) {
        InputRules.key(limits, "tag", key);
        store.updateRunTag(runId, key, current -> {
            var next = update.apply(current);
            InputRules.value("tag '" + key + "'", next, limits.maxValueLength());
            return next;
        });
    }

    /** Records datasets the run read; a dataset the run already has keeps its first tags. {@code field} names the list in errors. */
    public void logInputs(String runId, String field, List<DatasetInput> inputs) {
        logInputs(runId, field, inputs, List.of());
    }

    /** Datasets and MLflow 3 logged models (by id) the run used, in one transaction; each model must exist. */
    public void logInputs(String runId, String field, List<DatasetInput> inputs, List<String> modelIds) {
        InputRules.datasetInputs(field, inputs);
        store.logInputs(runId, inputs, modelIds.stream()
                .map(id -> new RunModelLink(id, RunModelLink.Direction.INPUT, 0)).toList());
    }

    public void deleteTag(String runId, String key) {
        store.deleteRunTag(runId, key);
    }

    public Page<Run> search(RunQuery query) {
        checkSearch(query);
        return store.searchRuns(query);
    }

    /**
     * Runs whose details a search answer reads at once (both APIs): a slice of 500 is a few MB of heap, so a 50,000-run
     * page does not need the whole page's (hundreds of MB), and a few readers more a page cost a few ms.
     */
    static final int SEARCH_SLICE = 500;

    /** As {@link #search}, the runs' details read {@value #SEARCH_SLICE} runs at a time while the page is iterated. */
    public SlicedPage<Run> searchInSlices(RunQuery query) {
        checkSearch(query);
        return store.searchRunsInSlices(query, SEARCH_SLICE);
    }

    private void checkSearch(RunQuery query) {
        InputRules.range("max_results", query.maxResults(), 1, InputRules.MAX_SEARCH_RESULTS);
        Limits.checkExperimentIds(query.experimentIds());
        limits.checkFilter("filter", query.filter());
        limits.checkOrderBy(query.orderBy());
    }

    private String newRunId() {
        var bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
