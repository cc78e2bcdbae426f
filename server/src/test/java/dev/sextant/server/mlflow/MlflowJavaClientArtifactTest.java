package dev.sextant.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import dev.sextant.server.artifact.ArtifactPath;
import dev.sextant.server.artifact.S3ArtifactStore;
import dev.sextant.server.artifact.S3Settings;
import dev.sextant.server.support.S3ProxyProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.FileInfo;
import org.mlflow.tracking.MlflowClient;

/**
 * The official Java client's artifact calls against a Sextant whose artifacts live in S3 (S3Proxy). The Java
 * client 2.17.2 has no HTTP artifact code: it forks {@code $MLFLOW_PYTHON_EXECUTABLE -m mlflow.store.artifact.cli}
 * (spec §3.3), which follows the run's mlflow-artifacts: URI back to Sextant's proxied API. The surefire
 * configuration points MLFLOW_PYTHON_EXECUTABLE at the compat suite's virtualenv; a missing one fails here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MlflowJavaClientArtifactTest {
    private static final String BUCKET = "mlflow-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String PREFIX = "sextant";
    private Server server;
    private MlflowClient client;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        var python = System.getenv("MLFLOW_PYTHON_EXECUTABLE");
        if (python == null || !Files.isExecutable(Path.of(python))) {
            throw new IllegalStateException("MLFLOW_PYTHON_EXECUTABLE (" + python + ") is not a Python with mlflow: the "
                    + "MLflow Java client forks it for artifacts. Create it with compat/mlflow/setup-venv.sh");
        }
        var s3 = S3ProxyProcess.shared();
        server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dataDir).withArtifacts("s3://" + BUCKET + "/" + PREFIX,
                settings(s3)));
        client = new MlflowClient("http://127.0.0.1:" + server.port());
    }

    private static S3Settings settings(S3ProxyProcess s3) {
        return S3Settings.of(s3.endpoint(), "us-east-1", true, S3ProxyProcess.ACCESS_KEY, S3ProxyProcess.SECRET_KEY);
    }

    @AfterAll
    void stop() {
        if (client != null) client.close();
        if (server != null) server.close();
    }

    @Test
    void files_and_folders_round_trip_through_sextant_into_s3(@TempDir Path tmp) throws Exception {
        var experimentId = client.createExperiment("java-art-" + UUID.randomUUID());
        var run = client.createRun(experimentId);
        var runId = run.getRunId();
        assertThat(run.getArtifactUri()).isEqualTo("mlflow-artifacts:/" + experimentId + "/" + runId + "/artifacts");

        var notes = Files.writeString(tmp.resolve("notes.txt"), "hello from java\n");
        var model = Files.createDirectories(tmp.resolve("model"));
        Files.writeString(model.resolve("MLmodel"), "flavors: {}\n");
        Files.createDirectories(model.resolve("sub"));
        var weights = new byte[300_000];
        for (int i = 0; i < weights.length; i++) weights[i] = (byte) (i * 31);
        Files.write(model.resolve("sub").resolve("weights.bin"), weights);

        client.logArtifact(runId, notes.toFile());
        client.logArtifact(runId, notes.toFile(), "docs");
        client.logArtifacts(runId, model.toFile(), "model");

        assertThat(client.listArtifacts(runId)).extracting(FileInfo::getPath, FileInfo::getIsDir)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("docs", true), org.assertj.core.groups.Tuple.tuple("model", true),
                        org.assertj.core.groups.Tuple.tuple("notes.txt", false));
        assertThat(client.listArtifacts(runId, "model/sub")).singleElement().satisfies(file -> {
            assertThat(file.getPath()).isEqualTo("model/sub/weights.bin");
            assertThat(file.getFileSize()).isEqualTo(weights.length);
        });

        var downloaded = client.downloadArtifacts(runId, "model").toPath();
        assertThat(Files.readString(downloaded.resolve("MLmodel"))).isEqualTo("flavors: {}\n");
        assertThat(Files.readAllBytes(downloaded.resolve("sub").resolve("weights.bin"))).isEqualTo(weights);
        assertThat(Files.readString(client.downloadArtifacts(runId, "docs/notes.txt").toPath())).isEqualTo("hello from java\n");

        // The bytes are in the bucket, under the run, where the native API keeps them.
        try (var bucket = new S3ArtifactStore(BUCKET, PREFIX, settings(S3ProxyProcess.shared()))) {
            assertThat(bucket.list(ArtifactPath.of(runId))).extracting(ArtifactPath::value).containsExactly(
                    runId + "/docs/notes.txt", runId + "/model/MLmodel", runId + "/model/sub/weights.bin", runId + "/notes.txt");
        }
    }
}
