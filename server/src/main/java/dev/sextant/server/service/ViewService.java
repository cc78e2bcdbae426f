package dev.sextant.server.service;

import dev.sextant.server.domain.SavedView;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.store.ViewStore;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Rules for saved views: a name of 1..200 characters, a state that is a JSON object of at most 256 KiB. */
public final class ViewService {
    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_STATE_CHARS = 256 * 1024;

    private final ViewStore store;
    private final ExperimentService experiments;
    private final Clock clock;

    public ViewService(ViewStore store, ExperimentService experiments, Clock clock) {
        this.store = store;
        this.experiments = experiments;
        this.clock = clock;
    }

    public SavedView create(String experimentId, String name, String stateJson, boolean isDefault) {
        checkName(name);
        checkState(stateJson);
        experiments.get(experimentId);
        long now = clock.millis();
        var view = new SavedView(UUID.randomUUID().toString().replace("-", ""), experimentId, name.strip(), stateJson,
                isDefault, now, now);
        store.createView(view);
        return view;
    }

    public List<SavedView> list(String experimentId) {
        return store.listViews(experimentId);
    }

    public SavedView get(String experimentId, String viewId) {
        experiments.get(experimentId);
        return store.findView(experimentId, viewId).orElseThrow(() -> SextantException.notFound("view", viewId));
    }

    public SavedView update(String experimentId, String viewId, String name, String stateJson, Boolean isDefault) {
        if (name != null) checkName(name);
        if (stateJson != null) checkState(stateJson);
        experiments.get(experimentId);
        return store.updateView(experimentId, viewId, name == null ? null : name.strip(), stateJson, isDefault, clock.millis());
    }

    public void delete(String experimentId, String viewId) {
        experiments.get(experimentId);
        if (!store.deleteView(experimentId, viewId)) throw SextantException.notFound("view", viewId);
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank()) throw SextantException.invalid("name is required");
        if (name.strip().length() > MAX_NAME_LENGTH) {
            throw SextantException.invalid("name must be at most " + MAX_NAME_LENGTH + " characters, got " + name.strip().length());
        }
    }

    private static void checkState(String stateJson) {
        if (stateJson == null || !stateJson.startsWith("{")) throw SextantException.invalid("state must be a JSON object");
        if (stateJson.length() > MAX_STATE_CHARS) {
            throw SextantException.invalid("state must be at most " + MAX_STATE_CHARS + " characters of JSON, got " + stateJson.length());
        }
    }
}
