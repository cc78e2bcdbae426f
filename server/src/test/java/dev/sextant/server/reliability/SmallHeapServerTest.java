package dev.sextant.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.support.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as its own JVM with the heap the jar gets by default in a 1 GiB container (256 MB, a quarter of it):
 * requests that used to kill the process or run its heap out are refused, and it is still alive after each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmallHeapServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServerProcess server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    record Answer(int status, JsonNode body) {}

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        server = ServerProcess.start(work, "256m", Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) server.close();
    }

    @AfterEach
    void serverIsStillAlive() throws IOException {
        assertThat(server.isAlive()).as("server alive; its log:\n%s", server.log()).isTrue();
    }

    @Test
    void a_like_pattern_deep_enough_to_overflow_sqlites_stack_is_refused_on_every_search() throws Exception {
        var run = post("/api/v1/runs", JSON.writeValueAsString(Map.of("experiment_name", "patterns",
                "config", Map.of("p", "a".repeat(7999) + "b"), "tags", Map.of("t", "a".repeat(7999) + "b"))));
        assertThat(run.status()).as(run.body().toString()).isEqualTo(201);
        String experimentId = run.body().get("experiment_id").asText();
        // Under the 64 KB filter limit, yet 10,000 '%' took the whole JVM down with SIGSEGV.
        String deadly = "%a".repeat(10_000);
        String manyWildcards = "%a".repeat(5_000);

        var nativeSearch = post("/api/v1/runs/search", JSON.writeValueAsString(Map.of(
                "experiment_ids", new String[] {experimentId}, "filter", "params.p LIKE '" + deadly + "'")));
        var mlflowSearch = post("/api/2.0/mlflow/runs/search", JSON.writeValueAsString(Map.of(
                "experiment_ids", new String[] {experimentId}, "filter", "tags.t ILIKE '" + deadly + "'")));
        var experimentSearch = post("/api/2.0/mlflow/experiments/search", JSON.writeValueAsString(Map.of(
                "filter", "name LIKE '" + deadly + "'")));
        var wildcards = post("/api/v1/runs/search", JSON.writeValueAsString(Map.of(
                "experiment_ids", new String[] {experimentId}, "filter", "params.p LIKE '" + manyWildcards + "'")));

        for (var answer : new Answer[] {nativeSearch, mlflowSearch, experimentSearch}) {
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body().get("message").asText()).endsWith("is 20000 characters long, over the limit of 10000");
        }
        assertThat(wildcards.status()).isEqualTo(400);
        assertThat(wildcards.body().get("message").asText()).endsWith("has 5000 '%' wildcards, over the limit of 100");
        var allowed = post("/api/v1/runs/search", JSON.writeValueAsString(Map.of(
                "experiment_ids", new String[] {experimentId}, "filter", "params.p LIKE '" + "%a".repeat(99) + "%b'")));
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.body().get("runs")).hasSize(1);
    }

    private Answer post(String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString(body)).build();
        var response = http.send(request, BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }
}
