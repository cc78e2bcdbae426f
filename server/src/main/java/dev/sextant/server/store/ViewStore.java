package dev.sextant.server.store;

import dev.sextant.server.domain.SavedView;
import java.util.List;
import java.util.Optional;

/**
 * Saved views, per experiment. Every method is one transaction. Names are unique within an experiment
 * (RESOURCE_ALREADY_EXISTS); at most one view of an experiment is its default, so making one the default
 * clears the flag of the others in the same transaction.
 */
public interface ViewStore {
    /** Stores a new view in an active experiment. */
    void createView(SavedView view);

    Optional<SavedView> findView(String experimentId, String viewId);

    /** The experiment's views by name; 404 when the experiment does not exist. */
    List<SavedView> listViews(String experimentId);

    /** Replaces name, state and default flag of a view (null keeps a field) and returns it as stored. */
    SavedView updateView(String experimentId, String viewId, String name, String stateJson, Boolean isDefault, long nowMs);

    /** False when there was no such view. */
    boolean deleteView(String experimentId, String viewId);
}
