package dev.sextant.server.store.sql;

import dev.sextant.server.domain.SavedView;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.store.ViewStore;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** Saved views on SQL: each public method is one transaction through {@link Database}. */
public final class SqlViewStore implements ViewStore {
    private static final String COLUMNS = "view_id, experiment_id, name, state_json, is_default, creation_time_ms, last_update_time_ms";
    private static final RowMapper<SavedView> VIEW = (rs, ctx) -> new SavedView(rs.getString("view_id"),
            Long.toString(rs.getLong("experiment_id")), rs.getString("name"), rs.getString("state_json"),
            rs.getBoolean("is_default"), rs.getLong("creation_time_ms"), rs.getLong("last_update_time_ms"));

    private final Database database;

    public SqlViewStore(Database database) {
        this.database = database;
    }

    @Override
    public void createView(SavedView view) {
        long experimentId = experimentId(view.experimentId());
        database.writeVoid(handle -> {
            ExperimentSql.requireActive(handle, experimentId, database.dialect().shareLock());
            requireFreeName(handle, experimentId, view.name(), null);
            if (view.isDefault()) clearDefault(handle, experimentId);
            handle.createUpdate("INSERT INTO saved_views (" + COLUMNS + ") VALUES (:id, :experiment, :name, :state, :isDefault, :now, :now)")
                    .bind("id", view.viewId()).bind("experiment", experimentId).bind("name", view.name())
                    .bind("state", view.stateJson()).bind("isDefault", view.isDefault()).bind("now", view.creationTimeMs())
                    .execute();
        });
    }

    @Override
    public Optional<SavedView> findView(String experimentId, String viewId) {
        long id = experimentId(experimentId);
        return database.read(handle -> find(handle, id, viewId));
    }

    @Override
    public List<SavedView> listViews(String experimentId) {
        long id = experimentId(experimentId);
        return database.read(handle -> {
            if (ExperimentSql.find(handle, id).isEmpty()) throw SextantException.notFound("experiment", experimentId);
            return handle.createQuery("SELECT " + COLUMNS + " FROM saved_views WHERE experiment_id = :experiment ORDER BY name, view_id")
                    .bind("experiment", id).map(VIEW).list();
        });
    }

    @Override
    public SavedView updateView(String experimentId, String viewId, String name, String stateJson, Boolean isDefault, long nowMs) {
        long id = experimentId(experimentId);
        return database.write(handle -> {
            var view = find(handle, id, viewId).orElseThrow(() -> SextantException.notFound("view", viewId));
            if (name != null) requireFreeName(handle, id, name, viewId);
            if (Boolean.TRUE.equals(isDefault)) clearDefault(handle, id);
            handle.createUpdate("""
                            UPDATE saved_views SET name = :name, state_json = :state, is_default = :isDefault,
                                   last_update_time_ms = :now
                             WHERE view_id = :id""")
                    .bind("name", name == null ? view.name() : name)
                    .bind("state", stateJson == null ? view.stateJson() : stateJson)
                    .bind("isDefault", isDefault == null ? view.isDefault() : isDefault)
                    .bind("now", nowMs).bind("id", viewId)
                    .execute();
            return find(handle, id, viewId).orElseThrow();
        });
    }

    @Override
    public boolean deleteView(String experimentId, String viewId) {
        long id = experimentId(experimentId);
        return database.write(handle -> handle.createUpdate("DELETE FROM saved_views WHERE experiment_id = :experiment AND view_id = :id")
                .bind("experiment", id).bind("id", viewId).execute() > 0);
    }

    private static Optional<SavedView> find(Handle handle, long experimentId, String viewId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM saved_views WHERE experiment_id = :experiment AND view_id = :id")
                .bind("experiment", experimentId).bind("id", viewId).map(VIEW).findOne();
    }

    private static void requireFreeName(Handle handle, long experimentId, String name, String exceptViewId) {
        var other = handle.createQuery("SELECT view_id FROM saved_views WHERE experiment_id = :experiment AND name = :name")
                .bind("experiment", experimentId).bind("name", name).mapTo(String.class).findOne();
        if (other.isPresent() && !other.get().equals(exceptViewId)) {
            throw SextantException.alreadyExists("a view named '" + name + "' already exists in experiment " + experimentId);
        }
    }

    private static void clearDefault(Handle handle, long experimentId) {
        handle.createUpdate("UPDATE saved_views SET is_default = :no WHERE experiment_id = :experiment AND is_default = :yes")
                .bind("no", false).bind("yes", true).bind("experiment", experimentId).execute();
    }

    private static long experimentId(String experimentId) {
        try {
            return Long.parseLong(experimentId);
        } catch (NumberFormatException | NullPointerException e) {
            throw SextantException.notFound("experiment", experimentId);
        }
    }
}
