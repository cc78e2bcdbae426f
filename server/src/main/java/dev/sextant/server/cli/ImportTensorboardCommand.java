package dev.sextant.server.cli;

import dev.sextant.server.importer.tensorboard.TensorboardLogs;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sextant import tensorboard DIR}. */
@Command(name = "tensorboard", mixinStandardHelpOptions = true,
        description = {"Import TensorBoard event files (events.out.tfevents.*) under DIR: one run per folder holding",
                "event files, scalars as metrics (step and wall time), hparams as config, text summaries as files."})
public final class ImportTensorboardCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "A TensorBoard log folder (what `tensorboard --logdir` would get).")
    Path dir;

    @Option(names = "--experiment", description = "Experiment to import into (created when missing; default: DIR's name).")
    String experiment;

    @Mixin
    ImportOptions options;

    @Override
    public Integer call() throws Exception {
        return options.run(new TensorboardLogs(dir, experiment));
    }
}
