package dev.sextant.server.cli;

import picocli.CommandLine.Command;

/** {@code sextant import mlflow|tensorboard|wandb}: bring another tracker's history into Sextant. */
@Command(name = "import", mixinStandardHelpOptions = true,
        subcommands = {ImportMlflowCommand.class, ImportTensorboardCommand.class, ImportWandbCommand.class},
        description = {"Import runs from MLflow, TensorBoard or W&B into Sextant's database and artifact store.",
                "Safe to run again: nothing is imported twice, and an interrupted import finishes where it stopped."})
public final class ImportCommand implements Runnable {

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "name a source: mlflow, tensorboard or wandb");
    }
}
