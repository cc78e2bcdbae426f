package dev.sextant.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.ModelRegistry.ModelVersion;
import org.mlflow.tracking.MlflowClient;

/**
 * The registry reads of the official MLflow Java client (2.17.2), which has no registry writes: models and versions
 * are made over raw HTTP as the Python client does, then read with the Java client's GET encodings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MlflowJavaClientRegistryTest {
    private Server server;
    private MlflowClient client;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dataDir));
        client = new MlflowClient("http://127.0.0.1:" + server.port());
        post("registered-models/create", "{\"name\":\"iris\"}");
        for (int i = 0; i < 3; i++) post("model-versions/create", "{\"name\":\"iris\",\"source\":\"s3://bucket/iris/" + (i + 1) + "\"}");
        post("model-versions/transition-stage",
                "{\"name\":\"iris\",\"version\":\"2\",\"stage\":\"Production\",\"archive_existing_versions\":false}");
    }

    @AfterAll
    void stop() {
        client.close();
        server.close();
    }

    private void post(String path, String body) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/2.0/mlflow/" + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void latest_versions_are_read_per_stage_with_repeated_stages_parameters() {
        assertThat(client.getLatestVersions("iris", List.of("Production", "None")))
                .extracting(ModelVersion::getVersion).containsExactlyInAnyOrder("2", "3");
    }

    @Test
    void a_version_and_its_download_uri_are_read() {
        var version = client.getModelVersion("iris", "1");
        assertThat(version.getSource()).isEqualTo("s3://bucket/iris/1");
        assertThat(version.getStatus().name()).isEqualTo("READY");
        assertThat(client.getModelVersionDownloadUri("iris", "3")).isEqualTo("s3://bucket/iris/3");
    }

    @Test
    void the_registered_model_lists_its_latest_versions() {
        assertThat(client.getRegisteredModel("iris").getLatestVersionsList())
                .extracting(v -> v.getCurrentStage() + "=" + v.getVersion()).containsExactlyInAnyOrder("None=3", "Production=2");
    }

    @Test
    void versions_are_searched_with_mlflow_filters() {
        assertThat(client.searchModelVersions("name='iris'").getItems()).extracting(ModelVersion::getVersion)
                .containsExactly("3", "2", "1");
    }
}
