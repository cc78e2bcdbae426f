package dev.sextant.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sextant.server.store.postgres.PostgresCluster;
import dev.sextant.server.support.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes (separate JVMs) on one PostgreSQL, as replicas behind a load balancer would be:
 * writes through both land exactly once, and both answer reads alike.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicasOnPostgresTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path folder;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<ServerProcess> processes = new ArrayList<>();
    private final List<String> servers = new ArrayList<>();
    private String database;

    @BeforeAll
    void startTwoServers() throws Exception {
        database = PostgresCluster.shared().createDatabase();
        for (var name : List.of("a", "b")) {
            var process = ServerProcess.start(folder.resolve(name), "256m", Map.of(), "--db", database);
            processes.add(process);
            servers.add(process.baseUrl());
        }
    }

    @AfterAll
    void stopServers() {
        processes.forEach(ServerProcess::close);
    }

    @Test
    void the_start_up_banner_never_shows_the_database_password() throws IOException {
        var banner = processes.get(0).log();
        assertThat(banner).contains("PostgreSQL").doesNotContain(PostgresCluster.PASSWORD);
    }

    @Test
    void a_run_created_on_one_server_is_visible_on_the_other() throws Exception {
        var run = send(servers.get(0), "POST", "/api/v1/runs", "{\"experiment_name\":\"visible\",\"name\":\"seen\"}", 201);
        var seen = send(servers.get(1), "GET", "/api/v1/runs/" + run.get("run_id").asText(), null, 200);
        assertThat(seen.get("name").asText()).isEqualTo("seen");
        assertThat(seen.get("experiment_id").asText()).isEqualTo(run.get("experiment_id").asText());
    }

    @Test
    void concurrent_writers_through_both_servers_store_every_point_exactly_once() throws Exception {
        int writers = 4;
        int batches = 12;
        int perBatch = 250;
        var runIds = Collections.synchronizedList(new ArrayList<String>());
        var barrier = new CyclicBarrier(writers);
        var tasks = new ArrayList<Callable<Void>>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            tasks.add(() -> {
                barrier.await();
                // Every writer names the same new experiment at once, through alternating servers.
                var run = send(servers.get(writer % 2), "POST", "/api/v1/runs", "{\"experiment_name\":\"replicated\"}", 201);
                String runId = run.get("run_id").asText();
                runIds.add(runId);
                var random = new Random(writer);
                for (int b = 0; b < batches; b++) {
                    var points = new ArrayList<String>();
                    for (int i = 0; i < perBatch; i++) {
                        long step = (long) b * perBatch + i;
                        points.add("{\"key\":\"loss\",\"value\":" + random.nextDouble() + ",\"step\":" + step
                                + ",\"timestamp_ms\":" + (1_000 + step) + "}");
                        points.add("{\"key\":\"shared/" + (b % 3) + "\",\"value\":1.5,\"step\":" + step + ",\"timestamp_ms\":7}");
                    }
                    Collections.shuffle(points, random);
                    var body = "{\"metrics\":[" + String.join(",", points) + "]}";
                    // Each batch through one server, then re-sent through the other: a retry after a lost answer.
                    send(servers.get((writer + b) % 2), "POST", "/api/v1/runs/" + runId + "/metrics", body, 200);
                    send(servers.get((writer + b + 1) % 2), "POST", "/api/v1/runs/" + runId + "/metrics", body, 200);
                }
                return null;
            });
        }
        var pool = Executors.newFixedThreadPool(writers);
        try {
            for (var future : pool.invokeAll(tasks, 5, TimeUnit.MINUTES)) future.get();
        } finally {
            pool.shutdownNow();
        }
        var experiments = new HashSet<String>();
        for (var runId : runIds) {
            for (var server : servers) {
                var run = send(server, "GET", "/api/v1/runs/" + runId, null, 200);
                experiments.add(run.get("experiment_id").asText());
                assertThat(run.at("/metrics/loss/count").asLong()).isEqualTo((long) batches * perBatch);
                var steps = rawSteps(server, runId, "loss");
                assertThat(steps).hasSize(batches * perBatch).doesNotHaveDuplicates();
                long shared = 0;
                for (int k = 0; k < 3; k++) shared += run.at("/metrics/shared~1" + k + "/count").asLong();
                assertThat(shared).isEqualTo((long) batches * perBatch);
            }
        }
        assertThat(experiments).hasSize(1);
        assertThat(searchAll(servers.get(0), experiments.iterator().next()))
                .hasSize(writers)
                .isEqualTo(searchAll(servers.get(1), experiments.iterator().next()));
    }

    @Test
    void search_results_are_identical_from_both_servers() throws Exception {
        var experiment = send(servers.get(0), "POST", "/api/v1/experiments", "{\"name\":\"searched\"}", 201);
        String experimentId = experiment.get("experiment_id").asText();
        for (int i = 0; i < 17; i++) {
            send(servers.get(i % 2), "POST", "/api/v1/runs",
                    "{\"experiment_id\":\"" + experimentId + "\",\"start_time_ms\":" + (1000 + i % 3) + "}", 201);
        }
        var fromA = searchAll(servers.get(0), experimentId);
        var fromB = searchAll(servers.get(1), experimentId);
        assertThat(fromA).hasSize(17).isEqualTo(fromB);
        assertThat(fromA.stream().map(run -> run.get("run_id").asText()).distinct()).hasSize(17);
    }

    private List<JsonNode> searchAll(String server, String experimentId) throws Exception {
        var runs = new ArrayList<JsonNode>();
        String token = null;
        do {
            var request = (ObjectNode) JSON.readTree("{\"experiment_ids\":[\"" + experimentId + "\"],\"max_results\":4}");
            if (token != null) request.put("page_token", token);
            var page = send(server, "POST", "/api/v1/runs/search", request.toString(), 200);
            page.get("runs").forEach(runs::add);
            token = page.hasNonNull("next_page_token") ? page.get("next_page_token").asText() : null;
        } while (token != null);
        return runs;
    }

    private List<Long> rawSteps(String server, String runId, String key) throws Exception {
        var steps = new ArrayList<Long>();
        String token = null;
        do {
            var path = "/api/v1/runs/" + runId + "/metrics/" + key + "?raw=true&max_results=700"
                    + (token == null ? "" : "&page_token=" + token);
            var page = send(server, "GET", path, null, 200);
            page.get("points").forEach(point -> steps.add(point.get("step").asLong()));
            token = page.hasNonNull("next_page_token") ? page.get("next_page_token").asText() : null;
        } while (token != null);
        return steps;
    }

    private JsonNode send(String server, String method, String path, String body, int expectedStatus) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(server + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + server + path + ": " + response.body()).isEqualTo(expectedStatus);
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }
}
