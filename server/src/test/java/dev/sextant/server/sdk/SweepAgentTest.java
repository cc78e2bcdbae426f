package dev.sextant.server.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.client.Sextant;
import dev.sextant.server.support.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java SDK's sweep agent against the real server running as its own process. */
class SweepAgentTest {
    private static ServerProcess server;
    private static ServerApi api;

    @TempDir
    Path spool;

    @BeforeAll
    static void startServer(@TempDir Path data) throws Exception {
        server = ServerProcess.start(data);
        api = new ServerApi(server.baseUrl());
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private Sextant connect() {
        return Sextant.builder().url(server.baseUrl()).spoolDir(spool).systemMetricsInterval(Duration.ZERO).build();
    }

    @Test
    void two_agents_share_a_grid_sweep_and_every_trial_logs_its_config_and_metric() throws Exception {
        var seen = Collections.synchronizedList(new ArrayList<String>());
        String sweepId;
        try (Sextant sextant = connect()) {
            sweepId = sextant.createSweep("0", "java-grid", Map.of(
                    "method", "grid", "metric", Map.of("name", "loss", "goal", "minimize"),
                    "parameters", Map.of("lr", Map.of("values", List.of(0.1, 0.01, 0.001)),
                            "model.layers", Map.of("values", List.of(2, 4)))));
            var agents = new ArrayList<Thread>();
            var counts = Collections.synchronizedList(new ArrayList<Integer>());
            for (int i = 0; i < 2; i++) {
                var thread = new Thread(() -> counts.add(sextant.agent(sweepId, trial -> {
                    double lr = ((Number) trial.config().get("lr")).doubleValue();
                    @SuppressWarnings("unchecked") var model = (Map<String, Object>) trial.config().get("model");
                    seen.add(lr + "/" + model.get("layers"));
                    for (int epoch = 0; epoch < 3; epoch++) trial.run().log("loss", lr * (3 - epoch), epoch);
                })));
                agents.add(thread);
                thread.start();
            }
            for (var thread : agents) thread.join(120_000);
            assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(6);
        }
        assertThat(seen).hasSize(6).doesNotHaveDuplicates();
        var sweep = api.json(api.send("GET", "/api/v1/sweeps/" + sweepId, null).body());
        assertThat(sweep.get("state").asText()).isEqualTo("FINISHED");
        assertThat(sweep.at("/counts/FINISHED").asLong()).isEqualTo(6);
        assertThat(sweep.get("best_value").asDouble()).isEqualTo(0.001);
        var best = api.run(sweep.get("best_run_id").asText());
        assertThat(best.at("/config/lr").asDouble()).isEqualTo(0.001);
    }

    @Test
    void should_stop_ends_a_clearly_worse_trial_as_killed_with_the_reason_as_a_tag() throws Exception {
        var stopped = Collections.synchronizedList(new ArrayList<Double>());
        String sweepId;
        try (Sextant sextant = connect()) {
            sweepId = sextant.createSweep("0", "java-median", Map.of(
                    "method", "grid", "metric", Map.of("name", "loss"),
                    "parameters", Map.of("x", Map.of("values", List.of(0.1, 0.2, 5.0))),
                    "early_terminate", Map.of("type", "median", "min_iter", 3, "min_trials", 2)));
            sextant.agent(sweepId, -1, Duration.ofMillis(100), trial -> {
                double x = ((Number) trial.config().get("x")).doubleValue();
                for (int step = 0; step < 25; step++) {
                    trial.run().log("loss", x + 0.01 / (step + 1), step);
                    trial.run().flush();
                    Thread.sleep(50);
                    if (trial.shouldStop()) {
                        stopped.add(x);
                        return;
                    }
                }
            });
        }
        assertThat(stopped).containsExactly(5.0);
        var trials = api.json(api.send("GET", "/api/v1/sweeps/" + sweepId + "/trials", null).body()).get("trials");
        assertThat(trials.get(0).get("run_status").asText()).isEqualTo("FINISHED");
        assertThat(trials.get(2).get("run_status").asText()).isEqualTo("KILLED");
        var run = api.run(trials.get(2).get("run_id").asText());
        assertThat(run.at("/tags/sextant.sweep.stop_reason").asText()).startsWith("median:");
    }
}
