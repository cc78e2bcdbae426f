package dev.sextant.server.cli;

import dev.sextant.server.importer.wandb.WandbOfflineRuns;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sextant import wandb DIR}. */
@Command(name = "wandb", mixinStandardHelpOptions = true,
        description = {"Import W&B offline runs (what WANDB_MODE=offline leaves in wandb/offline-run-*): config, name,",
                "notes, tags, history rows (every numeric key at _step, stamped _timestamp), final summary values and files."})
public final class ImportWandbCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "A wandb/ folder, or one run's offline-run-* folder.")
    Path dir;

    @Option(names = "--experiment", description = "Experiment to import into (default: each run's W&B project).")
    String experiment;

    @Mixin
    ImportOptions options;

    @Override
    public Integer call() throws Exception {
        return options.run(new WandbOfflineRuns(dir, experiment));
    }
}
