package dev.sextant.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/** The official MLflow Java client, with a token as MLFLOW_TRACKING_TOKEN (Bearer) and as a Basic password. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MlflowClientAuthTest {
    AuthServer server;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = new AuthServer(dir);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    MlflowClient client(String token) {
        return new MlflowClient(new BasicMlflowHostCreds(server.baseUrl, token));
    }

    @Test
    void a_write_token_logs_a_run_end_to_end() {
        var client = client(server.writeToken);
        var experimentId = client.createExperiment("mlflow-write");
        var run = client.createRun(experimentId);
        client.logMetric(run.getRunId(), "loss", 0.5);
        client.logParam(run.getRunId(), "lr", "0.01");
        assertThat(client.getRun(run.getRunId()).getData().getMetrics(0).getValue()).isEqualTo(0.5);
    }

    @Test
    void a_write_token_as_basic_password_works_too() {
        var client = new MlflowClient(new BasicMlflowHostCreds(server.baseUrl, "alice", server.writeToken));
        assertThat(client.createExperiment("mlflow-basic")).isNotBlank();
    }

    @Test
    void a_read_token_reads_but_every_write_is_refused_with_403() {
        var runId = client(server.writeToken).createRun(client(server.writeToken).createExperiment("mlflow-read")).getRunId();
        var reader = client(server.readToken);
        assertThat(reader.getRun(runId).getInfo().getRunId()).isEqualTo(runId);
        assertThat(reader.searchRuns(java.util.List.of(reader.getRun(runId).getInfo().getExperimentId()), "")).hasSize(1);
        assertThatThrownBy(() -> reader.createExperiment("nope")).isInstanceOfSatisfying(MlflowHttpException.class,
                e -> assertThat(e.getStatusCode()).isEqualTo(403));
        assertThatThrownBy(() -> reader.logMetric(runId, "loss", 1.0)).isInstanceOfSatisfying(MlflowHttpException.class,
                e -> assertThat(e.getStatusCode()).isEqualTo(403));
        assertThatThrownBy(() -> reader.setTerminated(runId)).isInstanceOfSatisfying(MlflowHttpException.class,
                e -> assertThat(e.getStatusCode()).isEqualTo(403));
        assertThat(reader.getRun(runId).getData().getMetricsCount()).isZero();
    }

    @Test
    void no_token_or_a_bad_one_is_401() {
        assertThatThrownBy(() -> new MlflowClient(server.baseUrl).getExperimentByName("x")).isInstanceOfSatisfying(
                MlflowHttpException.class, e -> assertThat(e.getStatusCode()).isEqualTo(401));
        assertThatThrownBy(() -> client("sxt_wrong").createExperiment("x")).isInstanceOfSatisfying(
                MlflowHttpException.class, e -> assertThat(e.getStatusCode()).isEqualTo(401));
    }
}
