package dev.sextant.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.Main;
import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `sextant backup` while a writer runs, `sextant restore` into a fresh folder, and the refusals. */
class BackupRestoreTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path root;

    record Result(int exitCode, String out, String err) {}

    static Result sextant(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var stdout = System.out;
        var stderr = System.err;
        try {
            System.setOut(new java.io.PrintStream(out, true));
            System.setErr(new java.io.PrintStream(err, true));
            var command = new CommandLine(new Main());
            command.setOut(new PrintWriter(out, true));
            command.setErr(new PrintWriter(err, true));
            int code = command.execute(args);
            return new Result(code, out.toString(), err.toString());
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    @Test
    @Timeout(120)
    void a_backup_taken_while_writing_restores_every_point_acknowledged_before_it() throws Exception {
        Path data = root.resolve("data");
        Path backup = root.resolve("backup");
        Path restored = root.resolve("restored");
        List<Integer> acked = java.util.Collections.synchronizedList(new ArrayList<>());
        String runId;
        List<Integer> ackedBeforeBackup;
        try (var server = Server.start(ServerConfig.embedded("127.0.0.1", 0, data))) {
            String url = "http://127.0.0.1:" + server.port();
            runId = MAPPER.readTree(post(url + "/api/v1/runs", "{\"experiment_name\":\"backup\"}").body()).get("run_id").asText();
            var upload = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/runs/" + runId + "/artifacts/model/weights.bin"))
                    .PUT(HttpRequest.BodyPublishers.ofString("weights")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(upload.statusCode()).isEqualTo(201);
            var stop = new AtomicBoolean();
            var writer = new Thread(() -> {
                for (int batch = 0; !stop.get(); batch++) {
                    var points = new StringBuilder();
                    for (int i = 0; i < 50; i++) {
                        if (i > 0) points.append(',');
                        points.append("{\"key\":\"loss\",\"value\":1,\"step\":").append(batch * 50 + i).append('}');
                    }
                    try {
                        if (post(url + "/api/v1/runs/" + runId + "/metrics", "{\"metrics\":[" + points + "]}").statusCode() == 200) {
                            acked.add(batch);
                        }
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            writer.start();
            while (acked.size() < 20) Thread.sleep(10);
            ackedBeforeBackup = List.copyOf(acked);
            var result = sextant("backup", "--to", backup.toString(), "--data-dir", data.toString(), "--with-artifacts");
            int ackedDuringBackup = acked.size() - ackedBeforeBackup.size();
            stop.set(true);
            writer.join();
            assertThat(result.exitCode()).as(result.err()).isZero();
            System.out.println(result.out().strip() + " (" + ackedBeforeBackup.size() + " batches acknowledged before it, "
                    + ackedDuringBackup + " while it ran)");
        }
        var manifest = MAPPER.readTree(backup.resolve("manifest.json").toFile());
        assertThat(manifest.get("schema_version").asText()).isNotBlank().isNotEqualTo("unknown");
        assertThat(manifest.at("/counts").size()).isGreaterThan(3);
        assertThat(manifest.at("/artifacts/files").asLong()).isEqualTo(1);

        var result = sextant("restore", "--from", backup.toString(), "--data-dir", restored.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        try (var server = Server.start(ServerConfig.embedded("127.0.0.1", 0, restored))) {
            String url = "http://127.0.0.1:" + server.port();
            var steps = new HashSet<Long>();
            var page = MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/runs/" + runId
                    + "/metrics/loss?raw=true&max_results=100000")).build(), HttpResponse.BodyHandlers.ofString()).body());
            for (var point : page.get("points")) steps.add(point.get("step").asLong());
            for (int batch : ackedBeforeBackup) {
                for (int i = 0; i < 50; i++) assertThat(steps).contains((long) batch * 50 + i);
            }
            var file = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/runs/" + runId + "/artifacts/model/weights.bin"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.body()).isEqualTo("weights");
        }
    }

    @Test
    void restore_refuses_a_non_empty_target_without_force() throws Exception {
        Path data = root.resolve("data");
        try (var server = Server.start(ServerConfig.embedded("127.0.0.1", 0, data))) {
            post("http://127.0.0.1:" + server.port() + "/api/v1/experiments", "{\"name\":\"kept\"}");
        }
        Path backup = root.resolve("backup");
        assertThat(sextant("backup", "--to", backup.toString(), "--data-dir", data.toString()).exitCode()).isZero();

        Path target = root.resolve("occupied");
        Files.createDirectories(target);
        Files.writeString(target.resolve("notes.txt"), "mine");
        var refused = sextant("restore", "--from", backup.toString(), "--data-dir", target.toString());
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("not empty").contains("--force");
        assertThat(Files.exists(target.resolve("sextant.db"))).isFalse();

        var forced = sextant("restore", "--from", backup.toString(), "--data-dir", target.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(Files.readString(target.resolve("notes.txt"))).isEqualTo("mine");
        try (var server = Server.start(ServerConfig.embedded("127.0.0.1", 0, target))) {
            var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/api/v1/experiments/by-name?name=kept")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }

        var notEmpty = sextant("backup", "--to", backup.toString(), "--data-dir", data.toString());
        assertThat(notEmpty.exitCode()).isNotZero();
        assertThat(notEmpty.err()).contains("not empty");
    }

    @Test
    void postgres_is_backed_up_with_pg_dump() {
        var result = sextant("backup", "--to", root.resolve("b").toString(), "--db", "postgresql://u:p@localhost:5432/sextant");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("pg_dump");
        var restore = sextant("restore", "--from", root.toString(), "--db", "postgresql://u:p@localhost:5432/sextant");
        assertThat(restore.exitCode()).isEqualTo(2);
        assertThat(restore.err()).contains("pg_restore");
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
