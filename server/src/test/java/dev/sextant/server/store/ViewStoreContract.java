package dev.sextant.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.server.domain.LifecycleStage;
import dev.sextant.server.domain.SavedView;
import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the saved-view store must do, written once; subclasses supply stores over an empty migrated database. */
public abstract class ViewStoreContract {
    private static final long NOW = 1_700_000_000_000L;
    private static final String STATE = "{\"filter\":\"params.lr = '0.1'\",\"group_by\":[\"params.lr\"],\"panels\":[{\"keys\":[\"val/acc\"]}]}";

    protected StoreFactory.Stores stores;
    private ViewStore views;
    private String experimentId;

    protected abstract StoreFactory.Stores openStores();

    @BeforeEach
    void openFreshStores() {
        stores = openStores();
        views = stores.views();
        experimentId = stores.tracking().createExperiment("views", "", Map.of(), NOW).experimentId();
    }

    @AfterEach
    void closeStores() {
        stores.tracking().close();
    }

    private SavedView view(String id, String name, boolean isDefault) {
        var view = new SavedView(id, experimentId, name, STATE, isDefault, NOW, NOW);
        views.createView(view);
        return view;
    }

    @Test
    void a_view_is_stored_listed_by_name_and_read_back_whole() {
        var b = view("b".repeat(32), "by lr", false);
        var a = view("a".repeat(32), "accuracy panels", true);
        assertThat(views.listViews(experimentId)).containsExactly(a, b);
        assertThat(views.findView(experimentId, b.viewId())).contains(b);
        assertThat(views.findView(experimentId, "c".repeat(32))).isEmpty();
    }

    @Test
    void an_update_changes_only_the_fields_given_and_stamps_the_time() {
        var view = view("a".repeat(32), "mine", false);
        var renamed = views.updateView(experimentId, view.viewId(), "ours", null, null, NOW + 5);
        assertThat(renamed).isEqualTo(new SavedView(view.viewId(), experimentId, "ours", STATE, false, NOW, NOW + 5));
        var restated = views.updateView(experimentId, view.viewId(), null, "{}", null, NOW + 6);
        assertThat(restated.name()).isEqualTo("ours");
        assertThat(restated.stateJson()).isEqualTo("{}");
    }

    @Test
    void making_a_view_the_default_clears_the_previous_default() {
        var first = view("a".repeat(32), "first", true);
        var second = view("b".repeat(32), "second", false);
        views.updateView(experimentId, second.viewId(), null, null, true, NOW + 1);
        assertThat(views.findView(experimentId, first.viewId()).orElseThrow().isDefault()).isFalse();
        assertThat(views.findView(experimentId, second.viewId()).orElseThrow().isDefault()).isTrue();
        view("c".repeat(32), "third", true);
        assertThat(views.listViews(experimentId).stream().filter(SavedView::isDefault).map(SavedView::name)).containsExactly("third");
    }

    @Test
    void names_are_unique_within_an_experiment() {
        view("a".repeat(32), "same", false);
        var other = view("b".repeat(32), "other", false);
        assertThatThrownBy(() -> view("c".repeat(32), "same", false))
                .isInstanceOfSatisfying(SextantException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_ALREADY_EXISTS));
        assertThatThrownBy(() -> views.updateView(experimentId, other.viewId(), "same", null, null, NOW))
                .isInstanceOfSatisfying(SextantException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_ALREADY_EXISTS));
        var elsewhere = stores.tracking().createExperiment("elsewhere", "", Map.of(), NOW).experimentId();
        views.createView(new SavedView("d".repeat(32), elsewhere, "same", STATE, false, NOW, NOW));
        assertThat(views.listViews(elsewhere)).hasSize(1);
    }

    @Test
    void a_deleted_view_is_gone_and_deleting_it_again_reports_false() {
        var view = view("a".repeat(32), "gone", false);
        assertThat(views.deleteView(experimentId, view.viewId())).isTrue();
        assertThat(views.listViews(experimentId)).isEmpty();
        assertThat(views.deleteView(experimentId, view.viewId())).isFalse();
    }

    @Test
    void views_need_an_existing_active_experiment() {
        assertThatThrownBy(() -> views.listViews("987654"))
                .isInstanceOfSatisfying(SextantException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
        stores.tracking().setExperimentLifecycle(experimentId, LifecycleStage.DELETED, NOW);
        assertThatThrownBy(() -> view("a".repeat(32), "late", false)).isInstanceOf(SextantException.class);
    }
}
