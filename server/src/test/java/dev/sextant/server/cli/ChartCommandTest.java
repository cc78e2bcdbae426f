package dev.sextant.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.Main;
import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ChartCommandTest {
    @TempDir
    Path dir;

    @Test
    void the_chart_command_downloads_a_png_from_a_running_server() throws Exception {
        try (var server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dir.resolve("data")))) {
            var url = "http://127.0.0.1:" + server.port();
            var http = HttpClient.newHttpClient();
            var created = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/runs"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"cli\"}")).build(), HttpResponse.BodyHandlers.ofString());
            var runId = created.body().replaceAll(".*\"run_id\"\\s*:\\s*\"([0-9a-f]{32})\".*", "$1");
            http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/runs/" + runId + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"metrics\":[{\"key\":\"train/loss\",\"value\":1,\"step\":0},"
                            + "{\"key\":\"train/loss\",\"value\":0.5,\"step\":1}]}")).build(), HttpResponse.BodyHandlers.ofString());
            var output = dir.resolve("loss.png");

            int exit = new CommandLine(new Main()).execute("chart", "--url", url, "--run", runId, "--key", "train/loss",
                    "-o", output.toString(), "--width", "640", "--height", "320");

            assertThat(exit).isZero();
            var image = ImageIO.read(output.toFile());
            assertThat(image.getWidth()).isEqualTo(640);
            assertThat(image.getHeight()).isEqualTo(320);
        }
    }

    @Test
    void the_chart_command_fails_on_an_unknown_run() throws Exception {
        try (var server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dir.resolve("data")))) {
            var output = dir.resolve("none.png");
            int exit = new CommandLine(new Main()).execute("chart", "--url", "http://127.0.0.1:" + server.port(),
                    "--run", "0123456789abcdef0123456789abcdef", "--key", "loss", "-o", output.toString());
            assertThat(exit).isEqualTo(1);
            assertThat(Files.exists(output)).isFalse();
        }
    }

    @Test
    void the_chart_command_draws_groups_with_a_band_kind() throws Exception {
        try (var server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dir.resolve("data")))) {
            var url = "http://127.0.0.1:" + server.port();
            var http = HttpClient.newHttpClient();
            var runIds = new java.util.ArrayList<String>();
            for (var lr : new String[] {"0.1", "0.1", "0.01"}) {
                var created = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/runs"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"config\":{\"lr\":\"" + lr + "\"}}")).build(), HttpResponse.BodyHandlers.ofString());
                var runId = created.body().replaceAll(".*\"run_id\"\\s*:\\s*\"([0-9a-f]{32})\".*", "$1");
                http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/runs/" + runId + "/metrics"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"metrics\":[{\"key\":\"loss\",\"value\":1,\"step\":0},"
                                + "{\"key\":\"loss\",\"value\":0.5,\"step\":1}]}")).build(), HttpResponse.BodyHandlers.ofString());
                runIds.add(runId);
            }
            var output = dir.resolve("groups.svg");
            int exit = new CommandLine(new Main()).execute("chart", "--url", url, "--run", runIds.get(0), "--run", runIds.get(1),
                    "--run", runIds.get(2), "--key", "loss", "--group-by", "params.lr", "--band=ci95", "-o", output.toString());
            assertThat(exit).isZero();
            assertThat(Files.readString(output)).contains("lr=0.1 (2 runs)", "lr=0.01 (1 run)");
        }
    }
}
