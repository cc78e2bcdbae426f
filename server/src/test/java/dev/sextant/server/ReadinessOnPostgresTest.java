package dev.sextant.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.store.postgres.PostgresCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica on PostgreSQL: /health/ready fails while the database is down (liveness does not, so nothing restarts
 * the replica) and passes again once it is back, without a restart of the server.
 */
@Timeout(300)
class ReadinessOnPostgresTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void readiness_fails_while_postgresql_is_down_and_recovers_when_it_returns() throws Exception {
        // A private cluster: stopping the shared one would fail other tests.
        var cluster = PostgresCluster.start(false);
        var embedded = ServerConfig.embedded("127.0.0.1", 0, dataDir);
        var config = new ServerConfig(embedded.host(), 0, dataDir, cluster.createDatabase(), embedded.artifacts());
        try (var server = Server.start(config)) {
            String base = "http://127.0.0.1:" + server.port();
            assertThat(get(base + "/health/ready").statusCode()).isEqualTo(200);
            outage(cluster, base);
        } finally {
            cluster.pause();
        }
    }

    private void outage(PostgresCluster cluster, String base) throws Exception {
        cluster.pause();
        try {
            var down = get(base + "/health/ready");
            assertThat(down.statusCode()).isEqualTo(503);
            JsonNode body = JSON.readTree(down.body());
            assertThat(body.get("status").asText()).isEqualTo("not_ready");
            assertThat(body.at("/checks/database/ok").asBoolean()).isFalse();
            assertThat(body.at("/checks/database/error").asText()).isNotBlank().doesNotContain(PostgresCluster.PASSWORD);
            assertThat(body.at("/checks/artifacts/ok").asBoolean()).isTrue();
            assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);
            assertThat(get(base + "/health").statusCode()).isEqualTo(200);
        } finally {
            cluster.resume();
        }
        int status = 0;
        // The first probes may still wait on a check that began during the outage.
        for (int attempt = 0; attempt < 60 && status != 200; attempt++) {
            status = get(base + "/health/ready").statusCode();
            if (status != 200) Thread.sleep(500);
        }
        assertThat(status).isEqualTo(200);
        var run = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/runs"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"experiment_name\":\"after-the-outage\"}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(run.statusCode()).as(run.body()).isEqualTo(201);
    }

    @Test
    void readiness_fails_while_the_artifact_folder_is_gone() throws Exception {
        try (var server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dataDir))) {
            String base = "http://127.0.0.1:" + server.port();
            assertThat(get(base + "/health/ready").statusCode()).isEqualTo(200);
            var partial = dataDir.resolve("artifacts").resolve(".partial");
            java.nio.file.Files.delete(partial);

            var missing = get(base + "/health/ready");
            assertThat(missing.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(missing.body()).at("/checks/artifacts/error").asText()).contains("missing or not writable");

            java.nio.file.Files.createDirectory(partial);
            assertThat(get(base + "/health/ready").statusCode()).isEqualTo(200);
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
