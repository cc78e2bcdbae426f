package dev.sextant.server.cli;

import dev.sextant.server.importer.ImportReport;
import dev.sextant.server.importer.ImportSource;
import dev.sextant.server.importer.Importer;
import java.io.IOException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What every import subcommand shares: where Sextant keeps its data, the batch size, and how to run and report. */
final class ImportOptions {

    @Mixin
    DataLocationOptions location;

    @Option(names = "--batch-size", defaultValue = "20000",
            description = "Metric points per write transaction (default ${DEFAULT-VALUE}).")
    int batchSize;

    /** Runs the import, prints the report; exit code 1 when a run failed. */
    int run(ImportSource source) throws IOException {
        if (batchSize < 1 || batchSize > dev.sextant.server.service.MetricService.MAX_POINTS_PER_BATCH) {
            System.err.println("--batch-size must be between 1 and " + dev.sextant.server.service.MetricService.MAX_POINTS_PER_BATCH);
            return 2;
        }
        ImportReport report;
        try (var sextant = new LocalSextant(location); var progress = ProgressBars.forConsole()) {
            report = new Importer(sextant.importTarget(), progress, batchSize).run(source);
        }
        report.summary().forEach(System.out::println);
        return report.failures().isEmpty() ? 0 : 1;
    }
}
