package dev.sextant.server.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sextant chart}: asks a running server for a chart image and writes it to a file (.svg → SVG, else PNG). */
@Command(name = "chart", mixinStandardHelpOptions = true,
        description = "Download a metric chart (PNG, or SVG when the output ends in .svg) from a running server.")
public final class ChartCommand implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "${env:SEXTANT_URL:-http://127.0.0.1:5055}",
            description = "Server URL (env SEXTANT_URL, default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--run", required = true, description = "Run id; repeat to compare runs.")
    List<String> runIds;

    @Option(names = "--key", required = true, description = "Metric key; repeat for one panel per key.")
    List<String> keys;

    @Option(names = {"-o", "--output"}, required = true, description = "File to write.")
    Path output;

    @Option(names = "--x", description = "step, relative_time, wall_time or metric:<key> (default step).")
    String x;

    @Option(names = "--width", description = "Width in pixels (100..4000, default 1200).")
    Integer width;

    @Option(names = "--height", description = "Height in pixels (100..4000, default 600).")
    Integer height;

    @Option(names = "--smoothing", description = "EMA weight in [0, 1).")
    Double smoothing;

    @Option(names = "--log-y", description = "Logarithmic y axis.")
    boolean logY;

    @Option(names = "--band", arity = "0..1", fallbackValue = "true", paramLabel = "KIND",
            description = "Shade each run's min/max envelope; with --group-by, KIND is minmax, std, stderr or ci95.")
    String band;

    @Option(names = "--group-by", description = "params.<key>, config.<key>, tags.<key> or status: one line per group (mean); repeat to combine keys.")
    java.util.List<String> groupBy = new ArrayList<>();

    @Option(names = "--theme", description = "light or dark (default light).")
    String theme;

    @Option(names = "--title", description = "Chart title.")
    String title;

    @Override
    public Integer call() throws IOException, InterruptedException {
        var format = output.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".svg") ? "svg" : "png";
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        var request = HttpRequest.newBuilder(URI.create(stripSlash(url) + "/api/v1/charts/metric." + format + "?" + query()))
                .timeout(Duration.ofMinutes(2)).GET().build();
        var response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            System.err.println("chart failed with HTTP " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
            return 1;
        }
        Files.write(output, response.body());
        System.out.println("wrote " + output + " (" + response.body().length + " bytes)");
        return 0;
    }

    private String query() {
        var params = new ArrayList<String>();
        runIds.forEach(runId -> params.add(param("run_id", runId)));
        keys.forEach(key -> params.add(param("key", key)));
        if (x != null) params.add(param("x", x));
        if (width != null) params.add(param("width", width.toString()));
        if (height != null) params.add(param("height", height.toString()));
        if (smoothing != null) params.add(param("smoothing", smoothing.toString()));
        if (logY) params.add(param("log_y", "true"));
        if (band != null) params.add(param("band", band));
        groupBy.forEach(key -> params.add(param("group_by", key)));
        if (theme != null) params.add(param("theme", theme));
        if (title != null) params.add(param("title", title));
        return String.join("&", params);
    }

    private static String param(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String stripSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
