package dev.sextant.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import dev.sextant.server.chart.GroupSeries;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chart images of groups (group_by, band kinds) and against an x metric. */
class GroupChartApiTest {
    @TempDir
    static Path dataDir;

    static Server server;
    static ChartApiClient api;
    static ApiClient json;
    static final List<String> runs = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dataDir));
        api = new ChartApiClient(server.port());
        json = new ApiClient(server.port());
        String[] lrs = {"0.1", "0.01", "0.001"};
        for (int r = 0; r < 6; r++) {
            var runId = json.post("/api/v1/runs", json.json(Map.of("experiment_name", "charts", "config", Map.of("lr", lrs[r % 3]))))
                    .body().get("run_id").asText();
            double offset = (r % 3) * 2 + r * 0.1;
            api.log(runId, "loss", 3_000, step -> offset + Math.sin(step / 300.0));
            api.log(runId, "epoch", 3_000, step -> step / 1000);
            runs.add(runId);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String query(String format, String options) {
        var query = new StringBuilder("/api/v1/charts/metric." + format + "?key=loss");
        runs.forEach(runId -> query.append("&run_id=").append(runId));
        return query + "&" + options;
    }

    @Test
    void grouped_charts_draw_one_line_per_group_in_its_colour_with_the_band_asked_for() throws Exception {
        var response = api.get(query("png", "group_by=params.lr&band=ci95"));
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        var image = ImageIO.read(new ByteArrayInputStream(response.body()));
        var colours = GroupSeries.colors(List.of("lr=0.001", "lr=0.01", "lr=0.1"));
        for (var colour : colours) {
            assertThat(ChartApiTest.countNear(image, colour, 100, 0, image.getWidth(), image.getHeight() - 100, 10))
                    .as("pixels of group colour %s", colour).isGreaterThan(200);
        }
        var svg = new String(api.get(query("svg", "group_by=params.lr&band=std")).body(), StandardCharsets.UTF_8);
        assertThat(svg).contains("lr=0.001 (2 runs)", "lr=0.01 (2 runs)", "lr=0.1 (2 runs)");
    }

    @Test
    void a_band_kind_other_than_true_or_false_needs_group_by() throws Exception {
        var response = api.get(query("png", "band=ci95"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("band must be true or false");
    }

    @Test
    void an_x_metric_is_the_horizontal_axis_and_its_name_labels_it() throws Exception {
        var response = api.get(query("svg", "x=metric:epoch&band=true"));
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains(">epoch<");
        var grouped = api.get(query("png", "x=metric:epoch&group_by=params.lr&band=stderr"));
        assertThat(grouped.statusCode()).isEqualTo(200);
    }
}
