package dev.sextant.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import dev.sextant.server.chart.Palette;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

class ChartApiTest {
    @TempDir
    static Path dataDir;

    static Server server;
    static ChartApiClient api;
    static List<String> runs = new ArrayList<>();
    static String spikeRun;

    @BeforeAll
    static void start() throws Exception {
        server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dataDir));
        api = new ChartApiClient(server.port());
        for (int r = 0; r < 3; r++) {
            var runId = api.createRun("run-" + r);
            double offset = r;
            api.log(runId, "train/loss", 2_000, step -> offset + Math.sin(step / 100.0));
            api.log(runId, "eval/acc", 200, step -> step / 200.0 + offset);
            runs.add(runId);
        }
        spikeRun = api.createRun("spiky");
        api.log(spikeRun, "train/loss", 1_000_000, step -> step == 654_321 ? 100 : 0.5 + 0.1 * Math.sin(step / 5000.0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** color=… for the first n palette colours: with colours asked for, two runs never share one. */
    static String colours(int n) {
        var query = new StringBuilder();
        for (int i = 0; i < n; i++) query.append(i == 0 ? "" : "&").append("color=").append(URLEncoder.encode(Palette.HEX.get(i), StandardCharsets.UTF_8));
        return query.toString();
    }

    static String chart(String format, List<String> runIds, String key, String options) {
        var query = new StringBuilder("/api/v1/charts/metric." + format + "?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8));
        runIds.forEach(runId -> query.append("&run_id=").append(runId));
        return query + (options.isEmpty() ? "" : "&" + options);
    }

    static BufferedImage png(String pathAndQuery) throws Exception {
        var response = api.get(pathAndQuery);
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
        return ImageIO.read(new ByteArrayInputStream(response.body()));
    }

    @Test
    void a_png_has_the_size_asked_for() throws Exception {
        var small = png(chart("png", runs, "train/loss", "width=600&height=300"));
        var large = png(chart("png", runs, "train/loss", "width=1200&height=600"));
        assertThat(small.getWidth()).isEqualTo(600);
        assertThat(small.getHeight()).isEqualTo(300);
        assertThat(large.getWidth()).isEqualTo(1200);
        assertThat(large.getHeight()).isEqualTo(600);
    }

    @Test
    void every_run_is_drawn_in_the_colour_asked_for_inside_the_plot_area() throws Exception {
        var image = png(chart("png", runs, "train/loss", colours(runs.size())));
        // The plot area: right of the y-axis labels, above the x-axis and the legend.
        for (int r = 0; r < runs.size(); r++) {
            assertThat(countNear(image, Palette.color(r), 100, 0, image.getWidth(), image.getHeight() - 100, 10))
                    .as("pixels of run %d's colour %s", r, Palette.HEX.get(r)).isGreaterThan(200);
        }
        assertThat(countNear(image, Palette.color(runs.size()), 100, 0, image.getWidth(), image.getHeight() - 100, 10))
                .as("no pixels of a run that is not charted").isZero();
        // Without color=, a run has its own colour: its id hashed into the palette, as in the web UI.
        var hashed = png(chart("png", runs, "train/loss", ""));
        for (var runId : runs) {
            var colour = Palette.color(Palette.indexOf(runId));
            assertThat(countNear(hashed, colour, 100, 0, hashed.getWidth(), hashed.getHeight() - 100, 10))
                    .as("pixels of run %s's own colour %s", runId, colour).isGreaterThan(200);
        }
    }

    @Test
    void a_single_spike_among_a_million_points_reaches_the_top_of_the_band() throws Exception {
        var image = png(chart("png", List.of(spikeRun), "train/loss", "band=true&" + colours(1))); // blue: tintedColumnNearTop looks for it
        var columns = new ArrayList<Integer>();
        for (int x = 100; x < image.getWidth(); x++) {
            if (tintedColumnNearTop(image, x, Palette.color(0), 0.15)) columns.add(x);
        }
        assertThat(columns).as("columns where the band reaches the top 15%% of the image").isNotEmpty().hasSizeLessThan(6);
        // The spike is at 65% of the steps; the plot spans most of the width.
        assertThat(columns.get(0)).isBetween((int) (image.getWidth() * 0.6), (int) (image.getWidth() * 0.72));
    }

    @Test
    void the_dark_theme_has_a_dark_background() throws Exception {
        var image = png(chart("png", runs, "train/loss", "theme=dark"));
        int[][] corners = {{1, 1}, {image.getWidth() - 2, 1}, {1, image.getHeight() - 2}, {image.getWidth() - 2, image.getHeight() - 2}};
        for (int[] corner : corners) {
            var colour = new Color(image.getRGB(corner[0], corner[1]));
            assertThat(luminance(colour)).as("corner %d,%d", corner[0], corner[1]).isLessThan(40);
        }
        var light = png(chart("png", runs, "train/loss", "theme=light"));
        assertThat(luminance(new Color(light.getRGB(1, 1)))).isGreaterThan(240);
    }

    @Test
    void an_svg_parses_with_the_size_asked_for_and_one_path_per_series() throws Exception {
        var response = api.get(chart("svg", runs, "train/loss", "width=800&height=400&band=true&" + colours(runs.size())));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/svg+xml");
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        var svg = factory.newDocumentBuilder().parse(new ByteArrayInputStream(response.body())).getDocumentElement();
        assertThat(svg.getTagName()).isEqualTo("svg");
        assertThat(Double.parseDouble(svg.getAttribute("width"))).isEqualTo(800);
        assertThat(Double.parseDouble(svg.getAttribute("height"))).isEqualTo(400);
        var paths = svg.getElementsByTagName("path");
        for (int r = 0; r < runs.size(); r++) {
            var colour = Palette.color(r);
            var stroke = "stroke:rgb(" + colour.getRed() + "," + colour.getGreen() + "," + colour.getBlue() + ")";
            int lines = 0;
            for (int i = 0; i < paths.getLength(); i++) {
                var path = (Element) paths.item(i);
                var group = (Element) path.getParentNode();
                // A series is one opaque path of many segments; the legend's sample line has one segment.
                var style = group.getAttribute("style");
                boolean manySegments = path.getAttribute("d").chars().filter(c -> c == 'L').count() > 10;
                if (style.contains(stroke) && style.contains("stroke-opacity:1.0") && manySegments) lines++;
            }
            assertThat(lines).as("series paths stroked %s", stroke).isEqualTo(1);
        }
    }

    @Test
    void several_keys_stack_one_panel_per_key() throws Exception {
        var response = api.get(chart("png", runs, "train/loss", "key=eval/acc&x=relative_time&smoothing=0.5&log_y=true"));
        assertThat(response.statusCode()).isEqualTo(200);
        var image = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertThat(image.getHeight()).isEqualTo(750);
    }

    @Test
    void an_unknown_run_or_key_is_a_404_json_error() throws Exception {
        var unknownRun = api.get(chart("png", List.of("0123456789abcdef0123456789abcdef"), "train/loss", ""));
        assertThat(unknownRun.statusCode()).isEqualTo(404);
        assertThat(api.json(unknownRun).get("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
        var unknownKey = api.get(chart("svg", runs, "no/such/key", ""));
        assertThat(unknownKey.statusCode()).isEqualTo(404);
        assertThat(api.json(unknownKey).get("message").asText()).contains("no/such/key");
    }

    @Test
    void bad_sizes_and_options_are_400_json_errors() throws Exception {
        for (var options : List.of("width=4001", "height=99", "width=abc", "theme=sepia", "x=epoch", "smoothing=1",
                "smoothing=-0.1", "log_y=maybe", "band=yes")) {
            var response = api.get(chart("png", runs, "train/loss", options));
            assertThat(response.statusCode()).as(options).isEqualTo(400);
            assertThat(api.json(response).get("error_code").asText()).as(options).isEqualTo("INVALID_PARAMETER_VALUE");
        }
        for (var options : List.of(colours(runs.size() - 1), "color=red&color=green&color=blue")) {
            var response = api.get(chart("png", runs, "train/loss", options));
            assertThat(response.statusCode()).as(options).isEqualTo(400);
            assertThat(api.json(response).get("message").asText()).as(options).contains("color");
        }
        var noRun = api.get("/api/v1/charts/metric.png?key=train/loss");
        assertThat(noRun.statusCode()).isEqualTo(400);
        assertThat(api.json(noRun).get("message").asText()).contains("run_id");
    }

    @Test
    void a_matching_etag_is_answered_with_304_until_the_run_changes() throws Exception {
        var runId = api.createRun("etag");
        api.log(runId, "loss", 100, step -> step);
        var path = chart("png", List.of(runId), "loss", "width=300&height=200");
        var first = api.get(path);
        var etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");

        var again = api.get(path, "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();

        api.log(runId, "loss", 101, step -> step);
        var changed = api.get(path, "If-None-Match", etag);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);

        api.finish(runId);
        var finished = api.get(path);
        assertThat(finished.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=");
        var cached = api.get(path);
        assertThat(cached.body()).isEqualTo(finished.body());
        assertThat(cached.headers().firstValue("ETag")).isEqualTo(finished.headers().firstValue("ETag"));
    }

    static int countNear(BufferedImage image, Color colour, int x0, int y0, int x1, int y1, int tolerance) {
        int count = 0;
        for (int y = Math.max(0, y0); y < Math.min(image.getHeight(), y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(image.getWidth(), x1); x++) {
                var pixel = new Color(image.getRGB(x, y));
                if (Math.abs(pixel.getRed() - colour.getRed()) <= tolerance && Math.abs(pixel.getGreen() - colour.getGreen()) <= tolerance
                        && Math.abs(pixel.getBlue() - colour.getBlue()) <= tolerance) count++;
            }
        }
        return count;
    }

    /**
     * Whether column x has, within the top {@code fraction} of the image, a pixel tinted towards the run's
     * colour: the translucent band over white. Gridlines and text are neutral grey, so they never count.
     */
    static boolean tintedColumnNearTop(BufferedImage image, int x, Color run, double fraction) {
        for (int y = 0; y < image.getHeight() * fraction; y++) {
            var pixel = new Color(image.getRGB(x, y));
            if (pixel.getBlue() - pixel.getRed() >= 6 && (run.getBlue() - run.getRed()) > 0) return true;
        }
        return false;
    }

    static double luminance(Color colour) {
        return 0.2126 * colour.getRed() + 0.7152 * colour.getGreen() + 0.0722 * colour.getBlue();
    }

}
