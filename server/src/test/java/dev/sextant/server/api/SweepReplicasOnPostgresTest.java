package dev.sextant.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import dev.sextant.server.store.postgres.PostgresCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers on one PostgreSQL database, each with its own connection pool (as two replicas have; nothing is
 * shared in-process on PostgreSQL), and agents on both asking for trials of one sweep at once.
 */
class SweepReplicasOnPostgresTest {
    @TempDir
    Path folder;

    private final List<Server> servers = new ArrayList<>();
    private final List<ApiClient> clients = new ArrayList<>();

    @BeforeEach
    void startTwoReplicas() {
        var database = PostgresCluster.shared().createDatabase();
        for (var name : List.of("a", "b")) {
            var embedded = ServerConfig.embedded("127.0.0.1", 0, folder.resolve(name));
            var server = Server.start(new ServerConfig(embedded.host(), 0, embedded.dataDir(), database,
                    embedded.artifacts()));
            servers.add(server);
            clients.add(new ApiClient(server.port()));
        }
    }

    @AfterEach
    void stop() {
        servers.forEach(Server::close);
    }

    @Test
    void agents_on_two_replicas_get_disjoint_grid_points_covering_the_grid() throws Exception {
        var created = clients.get(0).post("/api/v1/sweeps", "{\"config\":" + SweepApiTest.GRID + "}");
        assertThat(created.status()).isEqualTo(201);
        var sweepId = created.body().get("sweep_id").asText();
        var gridIndexes = Collections.synchronizedList(new ArrayList<Long>());
        var runIds = Collections.synchronizedList(new ArrayList<String>());
        var agents = new ArrayList<Callable<Void>>();
        for (int agent = 0; agent < 6; agent++) {
            var api = clients.get(agent % 2);
            agents.add(() -> {
                for (var trial = api.post("/api/v1/sweeps/" + sweepId + "/next", ""); trial.status() == 201;
                     trial = api.post("/api/v1/sweeps/" + sweepId + "/next", "")) {
                    gridIndexes.add(trial.body().get("grid_index").asLong());
                    var runId = trial.body().get("run_id").asText();
                    runIds.add(runId);
                    assertThat(api.patch("/api/v1/runs/" + runId, "{\"status\":\"FINISHED\"}").status()).isEqualTo(200);
                }
                return null;
            });
        }
        var pool = Executors.newFixedThreadPool(agents.size());
        for (var future : pool.invokeAll(agents, 120, TimeUnit.SECONDS)) future.get();
        pool.shutdown();
        assertThat(gridIndexes).hasSize(24).doesNotHaveDuplicates();
        assertThat(runIds).doesNotHaveDuplicates();
        var sweep = clients.get(1).get("/api/v1/sweeps/" + sweepId).body();
        assertThat(sweep.get("trial_count").asLong()).isEqualTo(24);
        assertThat(sweep.get("counts").get("FINISHED").asLong()).isEqualTo(24);
    }

    @Test
    void an_early_stop_and_a_pause_decided_through_one_replica_hold_on_the_other() {
        var a = clients.get(0);
        var b = clients.get(1);
        var sweepId = a.post("/api/v1/sweeps", """
                {"config":{"method":"random","metric":{"name":"loss"},"parameters":{"x":{"min":0.0,"max":1}},
                 "early_terminate":{"type":"hyperband","min_iter":3,"eta":3}}}""").body().get("sweep_id").asText();
        var runs = new ArrayList<String>();
        for (int i = 0; i < 6; i++) {
            var runId = (i % 2 == 0 ? a : b).post("/api/v1/sweeps/" + sweepId + "/next", "").body().get("run_id").asText();
            double floor = i == 5 ? 1.5 : 0.1 + 0.01 * i;
            var points = new StringBuilder("[");
            for (int step = 0; step < 9; step++) {
                points.append(step == 0 ? "" : ",").append("{\"key\":\"loss\",\"step\":").append(step)
                        .append(",\"value\":").append(floor + 2 * Math.exp(-step / 3.0)).append('}');
            }
            assertThat(a.post("/api/v1/runs/" + runId + "/metrics", "{\"metrics\":" + points + "]}").status()).isEqualTo(200);
            runs.add(runId);
        }
        var heartbeat = "/api/v1/sweeps/" + sweepId + "/trials/" + runs.get(5) + "/heartbeat";
        assertThat(b.post(heartbeat, "").body().get("should_stop").asBoolean()).isTrue();
        assertThat(a.post(heartbeat, "").body().get("reason").asText()).startsWith("hyperband:");
        assertThat(a.get("/api/v1/sweeps/" + sweepId + "/trials").body().get("trials").get(5).get("stop_reason").asText())
                .startsWith("hyperband:");
        assertThat(a.post("/api/v1/sweeps/" + sweepId + "/pause", "").status()).isEqualTo(200);
        assertThat(b.post("/api/v1/sweeps/" + sweepId + "/next", "").status()).isEqualTo(409);
    }
}
