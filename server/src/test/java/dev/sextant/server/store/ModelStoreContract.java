package dev.sextant.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.server.domain.LifecycleStage;
import dev.sextant.server.domain.LoggedModelStatus;
import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.domain.ModelMetric;
import dev.sextant.server.domain.ModelStage;
import dev.sextant.server.domain.RunModelLink;
import dev.sextant.server.domain.RunStatus;
import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the logged-model and registry stores must do, written once; subclasses supply fresh stores over an empty,
 * migrated database (SQLite and PostgreSQL).
 */
public abstract class ModelStoreContract {
    private static final long NOW = 1_700_000_000_000L;
    private static final String RUN_ID = "0123456789abcdef0123456789abcdef";

    protected StoreFactory.Stores stores;
    private LoggedModelStore models;
    private RegistryStore registry;

    protected abstract StoreFactory.Stores openStores();

    @BeforeEach
    void openFreshStores() {
        stores = openStores();
        models = stores.loggedModels();
        registry = stores.registry();
        stores.tracking().createRun(new NewRun(RUN_ID, "0", "run", RunStatus.RUNNING, NOW, "", null, "", Map.of(), Map.of()));
    }

    @AfterEach
    void closeStores() {
        stores.tracking().close();
    }

    private String model(String name) {
        var id = "m-" + Integer.toHexString(name.hashCode()) + "0".repeat(32 - Integer.toHexString(name.hashCode()).length());
        models.createLoggedModel(new NewLoggedModel(id, "0", name, "", RUN_ID, Map.of("lr", "0.1"), Map.of("t", "1"), NOW));
        return id;
    }

    @Test
    void a_logged_model_keeps_its_params_tags_status_and_soft_deletion() {
        var id = model("first");
        models.setLoggedModelTags(id, Map.of("t", "2", "u", "3"), NOW + 1);
        models.deleteLoggedModelTag(id, "u", NOW + 2);
        models.logLoggedModelParams(id, Map.of("lr", "0.1", "depth", "4"), NOW + 3);
        models.setLoggedModelStatus(id, LoggedModelStatus.READY, NOW + 4);
        var stored = models.findLoggedModel(id).orElseThrow();
        assertThat(stored.tags()).isEqualTo(Map.of("t", "2"));
        assertThat(stored.params()).isEqualTo(Map.of("lr", "0.1", "depth", "4"));
        assertThat(stored.status()).isEqualTo(LoggedModelStatus.READY);
        assertThat(stored.lastUpdatedTimeMs()).isEqualTo(NOW + 4);
        assertFails(ErrorCode.INVALID_PARAMETER_VALUE, () -> models.logLoggedModelParams(id, Map.of("lr", "0.2"), NOW));
        assertFails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> models.deleteLoggedModelTag(id, "missing", NOW));
        models.setLoggedModelLifecycle(id, LifecycleStage.DELETED, NOW + 5);
        assertThat(models.findLoggedModel(id).orElseThrow().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertFails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> models.setLoggedModelTags(id, Map.of("x", "y"), NOW));
    }

    @Test
    void metrics_logged_for_a_model_are_stored_once_with_the_run_points() {
        var id = model("scored");
        var point = new MetricPoint("acc", 0.9, NOW, 3);
        var modelPoint = new ModelMetric(id, "acc", 0.9, NOW, 3, RUN_ID, "holdout", "d1");
        stores.tracking().logBatch(RUN_ID, List.of(point), Map.of(), Map.of(), List.of(modelPoint));
        stores.tracking().logBatch(RUN_ID, List.of(point), Map.of(), Map.of(), List.of(modelPoint));
        assertThat(models.findLoggedModel(id).orElseThrow().metrics()).containsExactly(modelPoint);
        assertThat(stores.tracking().findRun(RUN_ID).orElseThrow().metrics()).hasSize(1);
    }

    @Test
    void logged_models_are_searched_by_metric_param_and_attribute_and_ordered_by_metric() {
        var low = model("low");
        var high = model("high");
        stores.tracking().logBatch(RUN_ID, List.of(), Map.of(), Map.of(), List.of(
                new ModelMetric(low, "acc", 0.5, NOW, 0, RUN_ID, null, null),
                new ModelMetric(high, "acc", 0.8, NOW, 0, RUN_ID, "eval", null)));
        var byAccuracy = new LoggedModelQuery.Order("metrics.acc", false, null);
        assertThat(names(new LoggedModelQuery(List.of("0"), "metrics.acc > 0.1", List.of(), List.of(byAccuracy), 10, null)))
                .containsExactly("high", "low");
        assertThat(names(new LoggedModelQuery(List.of("0"), "name = 'low' AND params.lr = '0.1'", List.of(), List.of(), 10, null)))
                .containsExactly("low");
        assertThat(names(new LoggedModelQuery(List.of("0"), "", List.of(new LoggedModelQuery.DatasetRef("eval", null)),
                List.of(), 10, null))).containsExactly("high");
    }

    @Test
    void a_run_links_the_models_it_produced_and_used_once_each() {
        var produced = model("produced");
        var used = model("used");
        models.linkRunModels(RUN_ID, List.of(new RunModelLink(produced, RunModelLink.Direction.OUTPUT, 5)));
        models.linkRunModels(RUN_ID, List.of(new RunModelLink(produced, RunModelLink.Direction.OUTPUT, 9)));
        stores.tracking().logInputs(RUN_ID, List.of(), List.of(new RunModelLink(used, RunModelLink.Direction.INPUT, 0)));
        assertThat(stores.tracking().findRun(RUN_ID).orElseThrow().models()).containsExactly(
                new RunModelLink(produced, RunModelLink.Direction.OUTPUT, 5), new RunModelLink(used, RunModelLink.Direction.INPUT, 0));
    }

    @Test
    void registered_model_names_are_unique_and_renames_keep_the_versions() {
        registry.createRegisteredModel("iris", "", Map.of("team", "vision"), NOW);
        assertFails(ErrorCode.RESOURCE_ALREADY_EXISTS, () -> registry.createRegisteredModel("iris", "", Map.of(), NOW));
        registry.createModelVersion(version("iris", "s3://b/1"));
        registry.createRegisteredModel("other", "", Map.of(), NOW);
        assertFails(ErrorCode.RESOURCE_ALREADY_EXISTS, () -> registry.renameRegisteredModel("iris", "other", NOW));
        registry.renameRegisteredModel("iris", "flowers", NOW + 1);
        assertThat(registry.findRegisteredModel("iris")).isEmpty();
        assertThat(registry.findModelVersion("flowers", 1).orElseThrow().source()).isEqualTo("s3://b/1");
        assertThat(registry.findRegisteredModel("flowers").orElseThrow().tags()).isEqualTo(Map.of("team", "vision"));
    }

    @Test
    void versions_are_numbered_per_model_and_deleted_numbers_are_not_reused() {
        registry.createRegisteredModel("a", "", Map.of(), NOW);
        registry.createRegisteredModel("b", "", Map.of(), NOW);
        assertThat(registry.createModelVersion(version("a", "s3://x"))).isEqualTo(1);
        assertThat(registry.createModelVersion(version("a", "s3://x"))).isEqualTo(2);
        assertThat(registry.createModelVersion(version("b", "s3://x"))).isEqualTo(1);
        registry.setRegisteredModelAlias("a", "champion", 2, NOW);
        registry.deleteModelVersion("a", 2, NOW);
        assertThat(registry.findModelVersion("a", 2)).isEmpty();
        assertThat(registry.findRegisteredModel("a").orElseThrow().aliases()).isEmpty();
        assertThat(registry.createModelVersion(version("a", "s3://x"))).isEqualTo(3);
        assertFails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> registry.createModelVersion(version("missing", "s3://x")));
    }

    @Test
    void stage_transitions_archive_the_others_and_latest_versions_follow() {
        registry.createRegisteredModel("m", "", Map.of(), NOW);
        for (int i = 0; i < 3; i++) registry.createModelVersion(version("m", "s3://x"));
        registry.transitionModelVersionStage("m", 1, ModelStage.PRODUCTION, false, NOW);
        registry.transitionModelVersionStage("m", 2, ModelStage.PRODUCTION, true, NOW);
        assertThat(registry.findModelVersion("m", 1).orElseThrow().stage()).isEqualTo(ModelStage.ARCHIVED);
        assertThat(registry.findRegisteredModel("m").orElseThrow().latestVersions())
                .extracting(v -> v.stage() + "=" + v.version()).containsExactly("NONE=3", "PRODUCTION=2", "ARCHIVED=1");
    }

    @Test
    void registry_search_uses_mlflow_filters_order_and_pages() {
        for (var name : List.of("alpha", "beta", "gamma")) {
            registry.createRegisteredModel(name, "", Map.of("kind", name.equals("beta") ? "nlp" : "vision"), NOW);
            registry.createModelVersion(version(name, "s3://" + name));
        }
        var page = registry.searchRegisteredModels("tags.kind = 'vision'", List.of("name DESC"), 1, null);
        assertThat(page.items()).extracting(m -> m.name()).containsExactly("gamma");
        var rest = registry.searchRegisteredModels("tags.kind = 'vision'", List.of("name DESC"), 1, page.nextPageToken());
        assertThat(rest.items()).extracting(m -> m.name()).containsExactly("alpha");
        assertThat(rest.nextPageToken()).isNull();
        assertThat(registry.searchModelVersions("name LIKE '%a' AND version_number = 1", List.of(), 10, null).items())
                .extracting(v -> v.name()).containsExactly("alpha", "beta", "gamma");
        assertThat(registry.searchModelVersions("source_path = 's3://beta'", List.of(), 10, null).items())
                .extracting(v -> v.name()).containsExactly("beta");
    }

    @Test
    void deleting_a_registered_model_deletes_its_versions_tags_and_aliases() {
        registry.createRegisteredModel("gone", "", Map.of("a", "b"), NOW);
        registry.createModelVersion(version("gone", "s3://x"));
        registry.setModelVersionTag("gone", 1, "k", "v", NOW);
        registry.setRegisteredModelAlias("gone", "prod", 1, NOW);
        registry.deleteRegisteredModel("gone");
        assertThat(registry.findRegisteredModel("gone")).isEmpty();
        registry.createRegisteredModel("gone", "", Map.of(), NOW);
        assertThat(registry.createModelVersion(version("gone", "s3://y"))).isEqualTo(1);
        assertThat(registry.findModelVersion("gone", 1).orElseThrow().tags()).isEmpty();
    }

    private List<String> names(LoggedModelQuery query) {
        return models.searchLoggedModels(query).items().stream().map(m -> m.name()).toList();
    }

    private static NewModelVersion version(String name, String source) {
        return new NewModelVersion(name, source, source, null, null, null, "", "", Map.of(), NOW);
    }

    private static void assertFails(ErrorCode code, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SextantException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
