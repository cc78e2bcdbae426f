package dev.sextant.server.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.client.Run;
import dev.sextant.client.RunSpec;
import dev.sextant.client.Sextant;
import dev.sextant.server.Main;
import dev.sextant.server.support.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The Java SDK against the real server running as its own process. */
class SdkAgainstServerTest {
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
    void a_million_points_logged_from_a_tight_loop_all_arrive() throws Exception {
        String runId;
        try (Sextant sextant = connect(); Run run = sextant.startRun("sdk-million", Map.of("lr", 0.01))) {
            runId = run.id();
            for (int step = 0; step < 1_000_000; step++) run.log("train/loss", 1.0 / (step + 1), step);
        }
        var summary = api.run(runId).at("/metrics/train~1loss");
        assertThat(summary.get("count").asLong()).isEqualTo(1_000_000);
        assertThat(summary.get("last_step").asLong()).isEqualTo(999_999);
        assertThat(api.run(runId).get("status").asText()).isEqualTo("FINISHED");
    }

    @Test
    void a_run_whose_body_throws_ends_failed_and_the_exception_reaches_the_caller() throws Exception {
        var runId = new String[1];
        try (Sextant sextant = connect()) {
            assertThatThrownBy(() -> sextant.run("sdk-failures", Map.of(), run -> {
                runId[0] = run.id();
                run.log("loss", 1.5, 0);
                throw new IllegalStateException("diverged");
            })).isInstanceOf(IllegalStateException.class).hasMessage("diverged");
        }
        var run = api.run(runId[0]);
        assertThat(run.get("status").asText()).isEqualTo("FAILED");
        assertThat(run.at("/metrics/loss/count").asLong()).isEqualTo(1);
    }

    @Test
    void a_run_whose_body_returns_ends_finished() throws Exception {
        var runId = new String[1];
        try (Sextant sextant = connect()) {
            sextant.run("sdk-failures", Map.of("epochs", 1), run -> runId[0] = run.id());
        }
        assertThat(api.run(runId[0]).get("status").asText()).isEqualTo("FINISHED");
    }

    @Test
    void a_resumed_run_continues_its_series_and_ends_finished_again() throws Exception {
        String runId;
        try (Sextant sextant = connect()) {
            try (Run run = sextant.startRun("sdk-resume", Map.of())) {
                runId = run.id();
                for (int step = 0; step < 10; step++) run.log("loss", step, step);
            }
            try (Run resumed = sextant.resumeRun(runId)) {
                assertThat(api.run(runId).get("status").asText()).isEqualTo("RUNNING");
                for (int step = 10; step < 20; step++) resumed.log("loss", step, step);
            }
        }
        var run = api.run(runId);
        assertThat(run.at("/metrics/loss/count").asLong()).isEqualTo(20);
        assertThat(run.get("status").asText()).isEqualTo("FINISHED");
    }

    @Test
    void a_nested_run_points_at_its_parent() throws Exception {
        String parentId;
        String childId;
        try (Sextant sextant = connect(); Run parent = sextant.startRun("sdk-nested", Map.of())) {
            parentId = parent.id();
            try (Run child = parent.startNestedRun("fold-1", Map.of("fold", 1))) {
                childId = child.id();
            }
        }
        var child = api.run(childId);
        assertThat(child.get("parent_run_id").asText()).isEqualTo(parentId);
        assertThat(child.get("name").asText()).isEqualTo("fold-1");
        assertThat(child.get("experiment_id").asText()).isEqualTo(api.run(parentId).get("experiment_id").asText());
    }

    @Test
    void config_and_tags_arrive_nested_and_flat() throws Exception {
        String runId;
        try (Sextant sextant = connect();
             Run run = sextant.startRun(RunSpec.of("sdk-config").withName("cfg")
                     .withConfig(Map.of("model", Map.of("layers", 4))).withTags(Map.of("team", "vision")))) {
            runId = run.id();
            run.logConfig(Map.of("optimizer", Map.of("lr", 0.5)));
            run.setTag("stage", "dev");
            run.logInput("imagenet-subset", "/data/imagenet", "9f2c1a", "train");
        }
        var run = api.run(runId);
        assertThat(run.at("/inputs/0/dataset/name").asText()).isEqualTo("imagenet-subset");
        assertThat(run.at("/inputs/0/dataset/digest").asText()).isEqualTo("9f2c1a");
        assertThat(run.at("/inputs/0/tags/mlflow.data.context").asText()).isEqualTo("train");
        assertThat(run.at("/params/model.layers").asText()).isEqualTo("4");
        assertThat(run.at("/params/optimizer.lr").asText()).isEqualTo("0.5");
        assertThat(run.at("/tags/team").asText()).isEqualTo("vision");
        assertThat(run.at("/tags/stage").asText()).isEqualTo("dev");
    }

    /**
     * ADR 0018: the server refuses a body field it does not declare, so every request shape the SDK sends, each with
     * its optional fields set, must arrive whole and leave no dead letter; a field added to the SDK alone fails here.
     */
    @Test
    void every_request_shape_with_its_optional_fields_is_accepted_and_nothing_is_dead_lettered() throws Exception {
        String parentId;
        String runId;
        try (Sextant sextant = connect(); Run parent = sextant.startRun("sdk-shapes", Map.of())) {
            parentId = parent.id();
            try (Run run = sextant.startRun(RunSpec.of("sdk-shapes").withName("all-fields").withParent(parentId)
                    .withConfig(Map.of("lr", 0.1)).withTags(Map.of("team", "vision")))) {
                runId = run.id();
                run.logConfig(Map.of("batch", 8));
                run.setTag("stage", "dev");
                run.logInput("mnist", "/data/mnist", "d1", "train");
                run.log("loss", 0.5, 3);
            }
            try (Run resumed = sextant.resumeRun(runId)) {
                resumed.log("loss", 0.25, 4);
            }
        }
        var run = api.run(runId);
        assertThat(run.get("name").asText()).isEqualTo("all-fields");
        assertThat(run.get("parent_run_id").asText()).isEqualTo(parentId);
        assertThat(run.get("user").asText()).isNotEmpty();
        assertThat(run.at("/params/lr").asText()).isEqualTo("0.1");
        assertThat(run.at("/params/batch").asText()).isEqualTo("8");
        assertThat(run.at("/tags/team").asText()).isEqualTo("vision");
        assertThat(run.at("/tags/stage").asText()).isEqualTo("dev");
        assertThat(run.at("/inputs/0/dataset/source").asText()).isEqualTo("/data/mnist");
        assertThat(run.at("/metrics/loss/count").asLong()).isEqualTo(2);
        assertThat(run.get("status").asText()).isEqualTo("FINISHED");
        assertThat(run.get("end_time_ms").isNumber()).isTrue();
        try (var files = Files.walk(spool)) {
            assertThat(files.filter(path -> path.getFileName().toString().equals("dead-letter.jsonl")).toList()).isEmpty();
        }
    }

    @Test
    void system_metrics_are_sampled_as_system_series() throws Exception {
        String runId;
        try (Sextant sextant = Sextant.builder().url(server.baseUrl()).spoolDir(spool)
                .systemMetricsInterval(Duration.ofMillis(100)).build();
             Run run = sextant.startRun("sdk-system", Map.of())) {
            runId = run.id();
            // Samples come from the SDK's own timer thread: wait until two have reached the server rather than
            // for a fixed time, which a loaded machine can spend without the sampler getting the CPU twice.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (sampledPoints(runId) < 2 && System.nanoTime() < deadline) {
                run.flush();
                Thread.sleep(50); // the poll's pace, so the polling leaves the sampler the CPU
            }
        }
        var metrics = api.run(runId).get("metrics");
        assertThat(metrics.has("system/memory_used_mb")).isTrue();
        assertThat(metrics.get("system/memory_used_mb").get("count").asLong()).isGreaterThanOrEqualTo(2);
    }

    /** How many memory samples of the run the server holds so far. */
    private static long sampledPoints(String runId) throws Exception {
        return api.run(runId).at("/metrics/system~1memory_used_mb/count").asLong(0);
    }

    @Test
    void an_offline_run_synced_later_equals_the_same_run_logged_online() throws Exception {
        var spec = RunSpec.of("sdk-offline").withName("twin").withConfig(Map.of("lr", 0.1, "model", Map.of("depth", 3)))
                .withTags(Map.of("kind", "twin"));
        String onlineId;
        try (Sextant online = connect(); Run run = online.startRun(spec)) {
            onlineId = run.id();
            logTwin(run);
        }
        Path offlineSpool = spool.resolve("offline");
        String offlineId;
        try (Sextant offline = Sextant.builder().url("http://127.0.0.1:9").offline(true).spoolDir(offlineSpool)
                .systemMetricsInterval(Duration.ZERO).build();
             Run run = offline.startRun(spec)) {
            offlineId = run.id();
            logTwin(run);
        }
        assertThatThrownBy(() -> api.run(offlineId)).hasMessageContaining("404");

        int exit = new CommandLine(new Main()).execute("sync", "--url", server.baseUrl(), offlineSpool.toString());

        assertThat(exit).isZero();
        var online = api.run(onlineId);
        var synced = api.run(offlineId);
        for (String field : new String[] {"name", "status", "experiment_id", "config", "params", "tags", "inputs"}) {
            assertThat(synced.get(field)).as(field).isEqualTo(online.get(field));
        }
        for (String key : new String[] {"loss", "acc"}) {
            assertThat(stepsAndValues(offlineId, key)).as(key).isEqualTo(stepsAndValues(onlineId, key));
        }
        assertThat(offlineSpool.resolve(offlineId)).doesNotExist();
    }

    private static void logTwin(Run run) {
        for (int step = 0; step < 2_500; step++) {
            run.log(Map.of("loss", 1.0 / (step + 1), "acc", step / 2500.0), step);
        }
        run.log("loss", Double.NaN, 2_500);
        run.logConfig(Map.of("epochs", 5));
        run.setTag("phase", "done");
        run.logInput("cifar10", "/data/cifar10", null, "train");
    }

    private static Map<Long, Double> stepsAndValues(String runId, String key) throws Exception {
        var points = new LinkedHashMap<Long, Double>();
        for (var point : api.points(runId, key)) points.put(point.step(), point.value());
        return points;
    }

    @Test
    void an_artifact_is_streamed_to_the_run() throws Exception {
        Path dir = Files.createDirectories(spool.resolve("outputs/plots"));
        Files.writeString(spool.resolve("outputs/model.bin"), "weights");
        Files.writeString(dir.resolve("loss curve.txt"), "curve");
        String runId;
        try (Sextant sextant = connect(); Run run = sextant.startRun("sdk-artifacts", Map.of())) {
            runId = run.id();
            run.logArtifacts(spool.resolve("outputs"));
        }
        assertThat(api.send("GET", "/api/v1/runs/" + runId + "/artifacts/model.bin", null).body()).isEqualTo("weights");
        assertThat(api.send("GET", "/api/v1/runs/" + runId + "/artifacts/plots/loss%20curve.txt", null).body())
                .isEqualTo("curve");
    }
}
