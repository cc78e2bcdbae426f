package dev.sextant.server.bench;

import dev.sextant.server.service.ChartRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Renders sample charts (light, dark, many runs, log scale, two panels) to a folder, to look at by eye. */
public final class ChartGallery {
    public static void main(String[] args) throws Exception {
        var out = Path.of(args.length > 0 ? args[0] : "/tmp");
        var dir = Files.createTempDirectory("sextant-gallery");
        try (var fixture = new ChartFixture(dir.resolve("gallery.db"))) {
            var runIds = new ArrayList<String>();
            var random = new Random(7);
            for (int r = 0; r < 8; r++) {
                var runId = fixture.createRun("lr-" + (r + 1) + "e-4");
                double rate = 1.0 / (2_000 + 1_500 * r);
                double floor = 0.05 + 0.03 * r;
                fixture.log(runId, "train/loss", 20_000, step -> floor + 2.5 * Math.exp(-step * rate) + 0.08 * random.nextGaussian() * Math.exp(-step * rate / 2));
                fixture.log(runId, "eval/accuracy", 20_000, step -> 0.98 - floor / 2 - 0.8 * Math.exp(-step * rate) + 0.01 * random.nextGaussian());
                runIds.add(runId);
            }
            var three = runIds.subList(0, 3);
            write(out, "chart-light.png", fixture, three, List.of("train/loss"), "band=true&title=Training loss");
            write(out, "chart-dark.png", fixture, three, List.of("train/loss"), "band=true&theme=dark&title=Training loss");
            write(out, "chart-8runs.png", fixture, runIds, List.of("train/loss"), "smoothing=0.6");
            write(out, "chart-log.png", fixture, runIds, List.of("train/loss"), "log_y=true&band=true");
            write(out, "chart-small.png", fixture, three, List.of("train/loss"), "width=600&height=300&band=true");
            write(out, "chart-panels.png", fixture, three, List.of("train/loss", "eval/accuracy"), "x=relative_time");
            var spike = fixture.createRun("spiky");
            fixture.log(spike, "train/loss", 1_000_000, step -> step == 654_321 ? 100 : 0.5 + 0.1 * Math.sin(step / 5000.0));
            write(out, "chart-spike.png", fixture, List.of(spike), List.of("train/loss"), "band=true");
            Files.write(out.resolve("chart.svg"), fixture.render(ChartFixture.request(ChartRequest.ChartFormat.SVG, three,
                    List.of("train/loss"), "band=true&width=800&height=400")));
            write(out, "chart-walltime.png", fixture, three, List.of("train/loss"), "x=wall_time&theme=dark&width=600&height=300");
        }
    }

    private static void write(Path out, String name, ChartFixture fixture, List<String> runIds, List<String> keys, String query)
            throws Exception {
        Files.write(out.resolve(name), fixture.render(ChartFixture.png(runIds, keys, query)));
        System.out.println("wrote " + out.resolve(name));
    }
}
