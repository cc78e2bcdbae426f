package dev.sextant.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;

/** The official MLflow Java client (2.17.2), unmodified, against a real Sextant on a free port. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MlflowJavaClientTest {
    private Server server;
    private MlflowClient client;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dataDir));
        client = new MlflowClient("http://127.0.0.1:" + server.port());
    }

    @AfterAll
    void stop() {
        client.close();
        server.close();
    }

    private String newExperiment() {
        return client.createExperiment("exp-" + UUID.randomUUID());
    }

    @Test
    void the_default_experiment_exists_with_an_mlflow_artifacts_location() {
        var experiment = client.getExperiment("0");
        assertThat(experiment.getName()).isEqualTo("Default");
        assertThat(experiment.getLifecycleStage()).isEqualTo("active");
        assertThat(experiment.getArtifactLocation()).isEqualTo("mlflow-artifacts:/0");
    }

    @Test
    void experiments_are_created_read_renamed_tagged_deleted_and_restored() {
        var name = "crud-" + UUID.randomUUID();
        var id = client.createExperiment(name);
        assertThat(id).matches("\\d+");
        assertThat(client.getExperiment(id).getName()).isEqualTo(name);
        assertThat(client.getExperimentByName(name)).get().extracting(e -> e.getExperimentId()).isEqualTo(id);

        long before = client.getExperiment(id).getLastUpdateTime();
        client.renameExperiment(id, name + "-renamed");
        assertThat(client.getExperiment(id).getName()).isEqualTo(name + "-renamed");
        assertThat(client.getExperiment(id).getLastUpdateTime()).isGreaterThanOrEqualTo(before);

        client.setExperimentTag(id, "team", "vision");
        assertThat(client.getExperiment(id).getTagsList())
                .anySatisfy(tag -> assertThat(tag.getKey() + "=" + tag.getValue()).isEqualTo("team=vision"));

        client.deleteExperiment(id);
        assertThat(client.getExperiment(id).getLifecycleStage()).isEqualTo("deleted");
        assertThat(experimentIds(ViewType.ACTIVE_ONLY)).doesNotContain(id);
        assertThat(experimentIds(ViewType.DELETED_ONLY)).contains(id);
        assertThatThrownBy(() -> client.createRun(id)).isInstanceOfSatisfying(MlflowHttpException.class,
                e -> assertThat(e.getStatusCode()).isEqualTo(400));

        client.restoreExperiment(id);
        assertThat(client.getExperiment(id).getLifecycleStage()).isEqualTo("active");
        assertThatThrownBy(() -> client.restoreExperiment(id)).isInstanceOfSatisfying(MlflowHttpException.class,
                e -> assertThat(e.getStatusCode()).isEqualTo(404));
    }

    private List<String> experimentIds(ViewType view) {
        return client.searchExperiments("", view, 1000, List.of()).getItems().stream()
                .map(e -> e.getExperimentId()).toList();
    }

    @Test
    void an_unknown_experiment_name_is_an_empty_optional() {
        assertThat(client.getExperimentByName("no-such-" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void an_unknown_experiment_id_is_a_404() {
        assertThatThrownBy(() -> client.getExperiment("987654")).isInstanceOfSatisfying(MlflowHttpException.class,
                e -> assertThat(e.getStatusCode()).isEqualTo(404));
    }

    @Test
    void a_duplicate_experiment_name_is_refused_with_400_even_after_retries() {
        var name = "dup-" + UUID.randomUUID();
        client.createExperiment(name);
        assertThatThrownBy(() -> client.createExperiment(name)).isInstanceOfSatisfying(MlflowHttpException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(400);
            assertThat(e.getBodyMessage()).contains("RESOURCE_ALREADY_EXISTS");
        });
    }

    @Test
    void experiments_are_searched_by_name_and_paged() {
        var prefix = "page-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 5; i++) client.createExperiment(prefix + "-" + i);
        var page = client.searchExperiments("name LIKE '" + prefix + "%'", ViewType.ACTIVE_ONLY, 2, List.of("name ASC"));
        var names = new ArrayList<String>();
        while (true) {
            page.getItems().forEach(e -> names.add(e.getName()));
            if (!page.hasNextPage()) break;
            page = (org.mlflow.tracking.ExperimentsPage) page.getNextPage();
        }
        assertThat(names).containsExactly(prefix + "-0", prefix + "-1", prefix + "-2", prefix + "-3", prefix + "-4");
    }

    @Test
    void a_new_run_is_running_with_a_lowercase_hex_id_and_an_mlflow_artifacts_uri() {
        var experimentId = newExperiment();
        RunInfo info = client.createRun(experimentId);
        assertThat(info.getRunId()).matches("[0-9a-f]{32}").isEqualTo(info.getRunUuid());
        assertThat(info.getStatus()).isEqualTo(RunStatus.RUNNING);
        assertThat(info.getExperimentId()).isEqualTo(experimentId);
        assertThat(info.getArtifactUri()).isEqualTo("mlflow-artifacts:/" + experimentId + "/" + info.getRunId() + "/artifacts");
        assertThat(info.getRunName()).isNotEmpty();
        assertThat(tags(client.getRun(info.getRunId()))).containsEntry("mlflow.runName", info.getRunName());
    }

    @Test
    void create_run_honours_name_start_time_user_and_tags() {
        var experimentId = newExperiment();
        var info = client.createRun(CreateRun.newBuilder().setExperimentId(experimentId).setRunName("baseline")
                .setStartTime(1_700_000_000_000L).setUserId("ada")
                .addTags(RunTag.newBuilder().setKey("team").setValue("vision")).build());
        var run = client.getRun(info.getRunId());
        assertThat(run.getInfo().getRunName()).isEqualTo("baseline");
        assertThat(run.getInfo().getStartTime()).isEqualTo(1_700_000_000_000L);
        assertThat(run.getInfo().getUserId()).isEqualTo("ada");
        assertThat(tags(run)).containsEntry("team", "vision").containsEntry("mlflow.runName", "baseline");
    }

    @Test
    void a_run_without_experiment_goes_to_default() {
        assertThat(client.createRun().getExperimentId()).isEqualTo("0");
    }

    @Test
    void params_metrics_and_tags_are_logged_and_read_back() {
        var runId = client.createRun(newExperiment()).getRunId();
        client.logParam(runId, "optimizer.lr", "0.001");
        client.logParam(runId, "optimizer.lr", "0.001");
        assertThatThrownBy(() -> client.logParam(runId, "optimizer.lr", "0.1"))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getStatusCode()).isEqualTo(400));
        client.logMetric(runId, "loss", 0.9, 1000, 0);
        client.logMetric(runId, "loss", 0.5, 1001, 1);
        client.logMetric(runId, "loss", 0.7, 999, -3);
        client.setTag(runId, "stage", "one");
        client.setTag(runId, "stage", "two");
        client.setTag(runId, "temp", "x");
        client.deleteTag(runId, "temp");

        var run = client.getRun(runId);
        assertThat(params(run)).containsEntry("optimizer.lr", "0.001");
        assertThat(run.getData().getMetricsList()).singleElement().satisfies(m -> {
            assertThat(m.getKey()).isEqualTo("loss");
            assertThat(m.getValue()).isEqualTo(0.5);
            assertThat(m.getStep()).isEqualTo(1);
            assertThat(m.getTimestamp()).isEqualTo(1001);
        });
        assertThat(tags(run)).containsEntry("stage", "two").doesNotContainKey("temp");
        assertThat(client.getMetricHistory(runId, "loss")).extracting(Metric::getStep).containsExactly(-3L, 0L, 1L);
    }

    @Test
    void deleting_a_missing_tag_is_a_404() {
        var runId = client.createRun(newExperiment()).getRunId();
        assertThatThrownBy(() -> client.deleteTag(runId, "never-set"))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
    }

    @Test
    void set_tag_mlflow_run_name_renames_the_run() {
        var runId = client.createRun(newExperiment()).getRunId();
        client.setTag(runId, "mlflow.runName", "renamed");
        assertThat(client.getRun(runId).getInfo().getRunName()).isEqualTo("renamed");
    }

    @Test
    void log_batch_writes_metrics_params_and_tags_together() {
        var runId = client.createRun(newExperiment()).getRunId();
        client.logBatch(runId,
                List.of(metric("acc", 0.8, 10, 0), metric("acc", 0.9, 11, 1), metric("acc", 0.9, 11, 1)),
                List.of(Param.newBuilder().setKey("layers").setValue("4").build()),
                List.of(RunTag.newBuilder().setKey("mlflow.runName").setValue("from-batch").build()));
        var run = client.getRun(runId);
        assertThat(params(run)).containsEntry("layers", "4");
        assertThat(run.getInfo().getRunName()).isEqualTo("from-batch");
        assertThat(client.getMetricHistory(runId, "acc")).hasSize(2);
    }

    @Test
    void log_batch_over_the_limits_is_refused() {
        var runId = client.createRun(newExperiment()).getRunId();
        var metrics = new ArrayList<Metric>();
        for (int i = 0; i < 1001; i++) metrics.add(metric("m", i, 1, i));
        assertThatThrownBy(() -> client.logBatch(runId, metrics, List.of(), List.of()))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getStatusCode()).isEqualTo(400));
        assertThat(client.getMetricHistory(runId, "m")).isEmpty();
    }

    @Test
    void nan_and_infinity_round_trip_as_mlflow_does() {
        var runId = client.createRun(newExperiment()).getRunId();
        client.logMetric(runId, "nan", Double.NaN, 1, 0);
        client.logMetric(runId, "inf", Double.POSITIVE_INFINITY, 1, 0);
        client.logMetric(runId, "ninf", Double.NEGATIVE_INFINITY, 1, 0);
        var values = client.getRun(runId).getData().getMetricsList().stream()
                .collect(Collectors.toMap(Metric::getKey, Metric::getValue));
        assertThat(values.get("nan")).isNaN();
        assertThat(values.get("inf")).isEqualTo(Double.MAX_VALUE);
        assertThat(values.get("ninf")).isEqualTo(-Double.MAX_VALUE);
        assertThat(client.getMetricHistory(runId, "nan")).singleElement().satisfies(m -> assertThat(m.getValue()).isNaN());
    }

    @Test
    void thirty_thousand_points_come_back_complete_and_ordered_by_step() {
        var runId = client.createRun(newExperiment()).getRunId();
        for (int batch = 0; batch < 30; batch++) {
            var metrics = new ArrayList<Metric>();
            for (int i = 0; i < 1000; i++) {
                int step = batch * 1000 + i;
                metrics.add(metric("long", step * 0.5, 1_700_000_000_000L + step, step));
            }
            client.logBatch(runId, metrics, List.of(), List.of());
        }
        var history = client.getMetricHistory(runId, "long");
        var steps = history.stream().map(Metric::getStep).toList();
        assertThat(steps).isEqualTo(java.util.stream.LongStream.range(0, 30_000).boxed().toList());
    }

    @Test
    void runs_are_terminated_deleted_and_restored() {
        var experimentId = newExperiment();
        var runId = client.createRun(experimentId).getRunId();
        client.setTerminated(runId);
        var info = client.getRun(runId).getInfo();
        assertThat(info.getStatus()).isEqualTo(RunStatus.FINISHED);
        assertThat(info.getEndTime()).isPositive();
        client.setTerminated(runId, RunStatus.KILLED, 1234L);
        assertThat(client.getRun(runId).getInfo().getEndTime()).isEqualTo(1234L);

        client.deleteRun(runId);
        client.deleteRun(runId);
        assertThat(client.getRun(runId).getInfo().getLifecycleStage()).isEqualTo("deleted");
        assertThat(client.searchRuns(List.of(experimentId), "", ViewType.ACTIVE_ONLY)).isEmpty();
        assertThat(client.searchRuns(List.of(experimentId), "", ViewType.DELETED_ONLY)).extracting(RunInfo::getRunId)
                .containsExactly(runId);
        assertThatThrownBy(() -> client.logMetric(runId, "late", 1.0))
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> assertThat(e.getStatusCode()).isEqualTo(400));
        client.restoreRun(runId);
        client.restoreRun(runId);
        assertThat(client.searchRuns(List.of(experimentId), "", ViewType.ALL)).extracting(RunInfo::getRunId)
                .containsExactly(runId);
    }

    @Test
    void search_runs_pages_return_each_run_exactly_once() {
        var experimentId = newExperiment();
        var created = new HashSet<String>();
        for (int i = 0; i < 5; i++) created.add(client.createRun(experimentId).getRunId());
        var seen = new ArrayList<String>();
        var page = client.searchRuns(List.of(experimentId), "", ViewType.ACTIVE_ONLY, 2);
        while (true) {
            page.getItems().forEach(run -> seen.add(run.getInfo().getRunId()));
            if (!page.hasNextPage()) break;
            page = (org.mlflow.tracking.RunsPage) page.getNextPage();
        }
        assertThat(seen).hasSize(5).containsExactlyInAnyOrderElementsOf(created);
    }

    @Test
    void search_runs_filters_on_metrics_and_params() {
        var experimentId = newExperiment();
        var good = client.createRun(experimentId).getRunId();
        var bad = client.createRun(experimentId).getRunId();
        client.logBatch(good, List.of(metric("rmse", 0.5, 1, 0)), List.of(param("model", "lr")), List.of());
        client.logBatch(bad, List.of(metric("rmse", 2.0, 1, 0)), List.of(param("model", "lr")), List.of());
        var found = client.searchRuns(List.of(experimentId), "metrics.rmse < 1 and params.model = 'lr'");
        assertThat(found).extracting(RunInfo::getRunId).containsExactly(good);
    }

    @Test
    void an_unknown_registered_model_is_a_404_with_mlflow_wording() {
        assertThatThrownBy(() -> client.getRegisteredModel("m")).isInstanceOfSatisfying(MlflowHttpException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(404);
            assertThat(e.getBodyMessage()).contains("RESOURCE_DOES_NOT_EXIST", "Registered Model with name=m not found");
        });
    }

    private static Metric metric(String key, double value, long timestamp, long step) {
        return Metric.newBuilder().setKey(key).setValue(value).setTimestamp(timestamp).setStep(step).build();
    }

    private static Param param(String key, String value) {
        return Param.newBuilder().setKey(key).setValue(value).build();
    }

    private static Map<String, String> tags(Run run) {
        return run.getData().getTagsList().stream().collect(Collectors.toMap(RunTag::getKey, RunTag::getValue));
    }

    private static Map<String, String> params(Run run) {
        return run.getData().getParamsList().stream().collect(Collectors.toMap(Param::getKey, Param::getValue));
    }
}
