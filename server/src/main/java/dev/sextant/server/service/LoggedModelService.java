package dev.sextant.server.service;

import dev.sextant.server.domain.LifecycleStage;
import dev.sextant.server.domain.LoggedModel;
import dev.sextant.server.domain.LoggedModelStatus;
import dev.sextant.server.domain.Page;
import dev.sextant.server.domain.RunModelLink;
import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.store.LoggedModelQuery;
import dev.sextant.server.store.LoggedModelStore;
import dev.sextant.server.store.NewLoggedModel;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Rules for MLflow 3's logged models: ids, names, immutable params, tags, status, soft deletion and search. */
public final class LoggedModelService {
    public static final int MAX_SEARCH_RESULTS = 1000;
    private static final Pattern MODEL_ID = Pattern.compile("m-[0-9a-f]{32}");

    private final LoggedModelStore store;
    private final ExperimentService experiments;
    private final Clock clock;
    private final Limits limits;
    private final SecureRandom random = new SecureRandom();
    private final RunNames names = new RunNames(random);

    public LoggedModelService(LoggedModelStore store, ExperimentService experiments, Clock clock, Limits limits) {
        this.store = store;
        this.experiments = experiments;
        this.clock = clock;
        this.limits = limits;
    }

    /** A new PENDING model; a name is picked when none is given (names may not hold / : . % " '). */
    public LoggedModel create(String experimentId, String name, String modelType, String sourceRunId,
                              Map<String, String> params, Map<String, String> tags) {
        if (name != null && (name.isEmpty() || name.chars().anyMatch(c -> "/:.%\"'".indexOf(c) >= 0))) {
            throw SextantException.invalid("Invalid model name ('" + SextantException.abbreviate(name, 100) + "') provided. "
                    + "Model name must be a non-empty string and cannot contain the following characters: / : . % \" '");
        }
        InputRules.params(limits, params);
        InputRules.tags(limits, tags);
        experiments.get(experimentId);
        var bytes = new byte[16];
        random.nextBytes(bytes);
        var modelId = "m-" + HexFormat.of().formatHex(bytes);
        store.createLoggedModel(new NewLoggedModel(modelId, experimentId, name == null ? names.next() : name,
                modelType == null ? "" : modelType, sourceRunId, params, tags, clock.millis()));
        return get(modelId);
    }

    /** The model; a deleted one only when {@code allowDeleted}, otherwise it is as gone as an unknown id. */
    public LoggedModel get(String modelId, boolean allowDeleted) {
        var model = MODEL_ID.matcher(modelId == null ? "" : modelId).matches() ? store.findLoggedModel(modelId) : java.util.Optional.<LoggedModel>empty();
        if (model.isEmpty() || (!allowDeleted && model.get().lifecycleStage() != LifecycleStage.ACTIVE)) {
            throw new SextantException(ErrorCode.RESOURCE_DOES_NOT_EXIST, "Logged model with ID '"
                    + (modelId == null ? null : SextantException.abbreviate(modelId, 64)) + "' not found.");
        }
        return model.get();
    }

    public LoggedModel get(String modelId) {
        return get(modelId, false);
    }

    public LoggedModel finalize(String modelId, LoggedModelStatus status) {
        get(modelId);
        store.setLoggedModelStatus(modelId, status, clock.millis());
        return get(modelId);
    }

    public void delete(String modelId) {
        get(modelId);
        store.setLoggedModelLifecycle(modelId, LifecycleStage.DELETED, clock.millis());
    }

    public LoggedModel setTags(String modelId, Map<String, String> tags) {
        InputRules.tags(limits, tags);
        get(modelId);
        store.setLoggedModelTags(modelId, tags, clock.millis());
        return get(modelId);
    }

    public void deleteTag(String modelId, String key) {
        get(modelId);
        store.deleteLoggedModelTag(modelId, key, clock.millis());
    }

    public void logParams(String modelId, Map<String, String> params) {
        InputRules.params(limits, params);
        get(modelId);
        store.logLoggedModelParams(modelId, params, clock.millis());
    }

    public Page<LoggedModel> search(LoggedModelQuery query) {
        InputRules.range("max_results", query.maxResults(), 1, MAX_SEARCH_RESULTS);
        limits.checkFilter("filter", query.filter());
        Limits.checkExperimentIds(query.experimentIds());
        Limits.checkOrderByCount(query.orderBy().size());
        for (var id : query.experimentIds()) experiments.get(id);
        return store.searchLoggedModels(query);
    }

    /** Records models a run produced or used; each model must exist. */
    public void linkRun(String runId, List<RunModelLink> links) {
        for (var link : links) get(link.modelId(), true);
        store.linkRunModels(runId, links);
    }
}
