package dev.sextant.server.cli;

import dev.sextant.server.export.ExperimentExport;
import dev.sextant.server.export.ExportFormat;
import java.io.BufferedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sextant export --experiment NAME --format parquet|csv --to DIR}. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write an experiment as two tables, DIR/runs.EXT (one row per run: attributes, params, tags,",
                "last/min/max of each metric) and DIR/metrics.EXT (run_id, key, step, timestamp, value), in Parquet or CSV."})
public final class ExportCommand implements Callable<Integer> {

    @Option(names = "--experiment", required = true, description = "The experiment's name.")
    String experiment;

    @Option(names = "--format", defaultValue = "parquet", description = "parquet or csv (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--to", required = true, description = "Folder to write runs.EXT and metrics.EXT into.")
    Path to;

    @Mixin
    DataLocationOptions location;

    @Override
    public Integer call() throws Exception {
        var chosen = ExportFormat.parse(format);
        Files.createDirectories(to);
        try (var sextant = new LocalSextant(location)) {
            var found = sextant.experiments.getByName(experiment);
            var export = new ExperimentExport(sextant.runs, sextant.metrics);
            for (var table : ExperimentExport.Table.values()) {
                Path file = to.resolve(table.name().toLowerCase(Locale.ROOT) + "." + chosen.extension());
                try (var out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                    export.write(found, table, chosen.writer(out));
                }
                System.out.println("Wrote " + file + " (" + Files.size(file) + " bytes)");
            }
        }
        return 0;
    }
}
