package dev.sextant.server.service;

import dev.sextant.server.domain.Experiment;
import dev.sextant.server.domain.ExperimentKeys;
import dev.sextant.server.domain.LifecycleStage;
import dev.sextant.server.domain.Page;
import dev.sextant.server.domain.ViewType;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.store.TrackingStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Rules for experiments: unique non-empty names, valid tags, soft deletion. */
public final class ExperimentService {
    public static final String DEFAULT_EXPERIMENT_ID = "0";

    private final TrackingStore store;
    private final Clock clock;
    private final Limits limits;

    public ExperimentService(TrackingStore store, Clock clock, Limits limits) {
        this.store = store;
        this.clock = clock;
        this.limits = limits;
    }

    public Experiment create(String name, String description, Map<String, String> tags) {
        InputRules.experimentName(name);
        InputRules.tags(limits, tags);
        return store.createExperiment(name, description == null ? "" : description, tags, clock.millis());
    }

    public Experiment get(String experimentId) {
        return store.findExperiment(experimentId).orElseThrow(() -> SextantException.notFound("experiment", experimentId));
    }

    /** The runs table's column list: every param, metric and tag key in use in the experiment. */
    public ExperimentKeys keys(String experimentId) {
        return store.listExperimentKeys(experimentId);
    }

    /** The id of an existing experiment, checked without counting its runs: every run creation asks. */
    public String requireId(String experimentId) {
        return store.findExperimentId(experimentId).orElseThrow(() -> SextantException.notFound("experiment", experimentId));
    }

    /** The id of the experiment with this name, created when missing; like {@link #getOrCreate} without counting runs. */
    public String getOrCreateId(String name) {
        InputRules.experimentName(name);
        var existing = store.findExperimentIdByName(name);
        if (existing.isPresent()) return existing.get();
        return getOrCreate(name).experimentId();
    }

    public Experiment getByName(String name) {
        return store.findExperimentByName(name).orElseThrow(() -> SextantException.notFound("experiment", name));
    }

    /** The experiment with this name, created when missing (runs may name their experiment). */
    public Experiment getOrCreate(String name) {
        InputRules.experimentName(name);
        var existing = store.findExperimentByName(name);
        if (existing.isPresent()) return existing.get();
        try {
            return store.createExperiment(name, "", Map.of(), clock.millis());
        } catch (SextantException e) {
            // Another client created it between our look-up and our insert: use theirs.
            return store.findExperimentByName(name).orElseThrow(() -> e);
        }
    }

    public List<Experiment> list(ViewType view) {
        return store.listExperiments(view);
    }

    /** One page of an MLflow-style experiment search (filter and order_by as in MLflow 2.17). */
    public Page<Experiment> search(ViewType view, String filter, List<String> orderBy, int maxResults, String pageToken) {
        limits.checkFilter("filter", filter);
        limits.checkOrderBy(orderBy);
        return store.searchExperiments(view, filter, orderBy, maxResults, pageToken);
    }

    public Experiment update(String experimentId, String newName, String description) {
        if (newName != null) InputRules.experimentName(newName);
        store.updateExperiment(experimentId, newName, description, clock.millis());
        return get(experimentId);
    }

    public void setTags(String experimentId, Map<String, String> tags) {
        InputRules.tags(limits, tags);
        store.setExperimentTags(experimentId, tags, clock.millis());
    }

    public void deleteTag(String experimentId, String key) {
        store.deleteExperimentTag(experimentId, key);
    }

    public void delete(String experimentId) {
        if (DEFAULT_EXPERIMENT_ID.equals(experimentId)) {
            throw SextantException.invalid("the Default experiment (id 0) cannot be deleted");
        }
        get(experimentId);
        store.setExperimentLifecycle(experimentId, LifecycleStage.DELETED, clock.millis());
    }

    public void restore(String experimentId) {
        get(experimentId);
        store.setExperimentLifecycle(experimentId, LifecycleStage.ACTIVE, clock.millis());
    }
}
