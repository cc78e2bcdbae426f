package dev.sextant.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import dev.sextant.server.service.Limits;
import dev.sextant.server.support.RawClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The proxied mlflow-artifacts API over plain HTTP, as the Python client's HttpArtifactRepository speaks it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MlflowArtifactProxyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private Server server;
    private String base;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dataDir)
                .withLimits(Limits.DEFAULTS.withMaxArtifactBytes(1024 * 1024)));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** A new run; returns its mlflow-artifacts path root "<exp>/<run>/artifacts". */
    private String newRunRoot() throws Exception {
        var experimentId = post("/api/2.0/mlflow/experiments/create", Map.of("name", "art-" + UUID.randomUUID()))
                .get("experiment_id").asText();
        var info = post("/api/2.0/mlflow/runs/create", Map.of("experiment_id", experimentId)).get("run").get("info");
        var uri = info.get("artifact_uri").asText();
        assertThat(uri).isEqualTo("mlflow-artifacts:/" + experimentId + "/" + info.get("run_id").asText() + "/artifacts");
        return uri.substring("mlflow-artifacts:/".length());
    }

    @Test
    void files_are_put_listed_downloaded_and_deleted() throws Exception {
        var root = newRunRoot();
        var runId = root.split("/")[1];
        assertThat(send("PUT", "/artifacts/" + root + "/dir/a.txt", "hello", "text/plain").statusCode()).isEqualTo(200);
        assertThat(send("PUT", "/artifacts/" + root + "/dir/sub/b%20c.json", "{}", "application/json").body()).isEqualTo("{}");

        assertThat(list(root)).isEqualTo(json("{\"files\":[{\"path\":\"dir\",\"is_dir\":true}]}"));
        assertThat(list(root + "/dir")).isEqualTo(json("{\"files\":[{\"path\":\"sub\",\"is_dir\":true},"
                + "{\"path\":\"a.txt\",\"is_dir\":false,\"file_size\":5}]}"));
        assertThat(list(root + "/dir/a.txt")).isEqualTo(json("{}"));
        assertThat(list(root + "/missing")).isEqualTo(json("{}"));
        assertThat(list("1/" + "0".repeat(32) + "/artifacts")).isEqualTo(json("{}"));

        var download = send("GET", "/artifacts/" + root + "/dir/sub/b%20c.json", null, null);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo("{}");
        assertThat(download.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).startsWith("attachment"));
        assertThat(download.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

        // The same files through the tracking API (run-relative paths) and the native API.
        var tracking = get("/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=dir");
        assertThat(tracking.get("root_uri").asText()).isEqualTo("mlflow-artifacts:/" + root);
        assertThat(tracking.get("files")).isEqualTo(json("[{\"path\":\"dir/sub\",\"is_dir\":true},"
                + "{\"path\":\"dir/a.txt\",\"is_dir\":false,\"file_size\":5}]"));
        assertThat(get("/api/v1/runs/" + runId + "/artifacts?prefix=dir").get("files").get(0).get("path").asText())
                .isEqualTo("dir/a.txt");

        assertThat(send("DELETE", "/artifacts/" + root + "/dir/sub", null, null).body()).isEqualTo("{}");
        assertThat(send("DELETE", "/artifacts/" + root + "/never-there", null, null).statusCode()).isEqualTo(200);
        assertThat(list(root + "/dir")).isEqualTo(json("{\"files\":[{\"path\":\"a.txt\",\"is_dir\":false,\"file_size\":5}]}"));
        assertThat(send("DELETE", "/artifacts/" + root, null, null).statusCode()).isEqualTo(200);
        assertThat(list(root)).isEqualTo(json("{}"));
        assertThat(send("GET", "/artifacts/" + root + "/dir/a.txt", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void a_put_replaces_the_file_and_is_capped_by_the_artifact_size_limit() throws Exception {
        var root = newRunRoot();
        send("PUT", "/artifacts/" + root + "/f.bin", "first", null);
        send("PUT", "/artifacts/" + root + "/f.bin", "second", null);
        assertThat(send("GET", "/artifacts/" + root + "/f.bin", null, null).body()).isEqualTo("second");
        var tooLarge = send("PUT", "/artifacts/" + root + "/big.bin", "x".repeat(1024 * 1024 + 1), null);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(list(root)).isEqualTo(json("{\"files\":[{\"path\":\"f.bin\",\"is_dir\":false,\"file_size\":6}]}"));
    }

    @Test
    void unsafe_or_foreign_paths_are_refused() throws Exception {
        var root = newRunRoot();
        var parts = root.split("/");
        try (var raw = new RawClient(server.port())) {
            assertThat(raw.send("PUT", "/api/2.0/mlflow-artifacts/artifacts/" + root + "/../x.txt", "x".getBytes()).status())
                    .isEqualTo(400);
            assertThat(raw.send("PUT", "/api/2.0/mlflow-artifacts/artifacts/" + root + "/%2e%2e/x.txt", "x".getBytes()).status())
                    .isEqualTo(400);
        }
        assertThat(send("PUT", "/artifacts/" + root + "/a%5Cb.txt", "x", null).statusCode()).isEqualTo(400);
        assertThat(send("PUT", "/artifacts/" + root + "/a%23b.txt", "x", null).statusCode()).isEqualTo(400);
        assertThat(send("PUT", "/artifacts/loose.txt", "x", null).statusCode()).isEqualTo(400);
        // The run exists but not in that experiment.
        var wrongExperiment = send("PUT", "/artifacts/999/" + parts[1] + "/artifacts/x.txt", "x", null);
        assertThat(wrongExperiment.statusCode()).isEqualTo(404);
        assertThat(json(wrongExperiment.body()).get("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
        var listUp = http.send(HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow-artifacts/artifacts?path="
                + root + "/../..")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(listUp.statusCode()).isEqualTo(400);
        assertThat(json(listUp.body()).get("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(list(root)).isEqualTo(json("{}"));
    }

    @Test
    void multipart_create_answers_not_implemented_with_mlflows_message() throws Exception {
        var root = newRunRoot();
        var response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow-artifacts/mpu/create/" + root))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"path\":\"/tmp/big.bin\",\"num_parts\":3}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        var body = json(response.body());
        assertThat(body.get("error_code").asText()).isEqualTo("NOT_IMPLEMENTED");
        assertThat(body.get("message").asText()).contains("Multipart upload is not supported for the current artifact repository");
    }

    @Test
    void experiments_carry_mlflow_artifacts_locations() throws Exception {
        var id = post("/api/2.0/mlflow/experiments/create", Map.of("name", "loc-" + UUID.randomUUID())).get("experiment_id").asText();
        assertThat(get("/api/2.0/mlflow/experiments/get?experiment_id=" + id).get("experiment").get("artifact_location").asText())
                .isEqualTo("mlflow-artifacts:/" + id);
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow-artifacts" + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) builder.header("Content-Type", contentType);
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode list(String path) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow-artifacts/artifacts?path="
                + java.net.URLEncoder.encode(path, StandardCharsets.UTF_8))).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    private JsonNode post(String path, Object body) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    private JsonNode get(String path) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    private static JsonNode json(String text) throws IOException {
        return MAPPER.readTree(text);
    }
}
