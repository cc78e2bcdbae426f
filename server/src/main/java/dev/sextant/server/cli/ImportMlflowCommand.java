package dev.sextant.server.cli;

import dev.sextant.server.importer.mlflow.MlflowFileStore;
import dev.sextant.server.importer.mlflow.MlflowServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sextant import mlflow --from URL|./mlruns}. */
@Command(name = "mlflow", mixinStandardHelpOptions = true,
        description = {"Import experiments, runs (params, tags, every metric's history, datasets, parent runs) and",
                "artifacts from an MLflow tracking server (http://…) or an MLflow file store folder (./mlruns)."})
public final class ImportMlflowCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "URL|DIR",
            description = "An MLflow server's URL (http://host:5000) or an mlruns folder.")
    String from;

    @Mixin
    ImportOptions options;

    @Override
    public Integer call() throws Exception {
        if (from.startsWith("http://") || from.startsWith("https://")) {
            return options.run(new MlflowServer(from, System.getenv()));
        }
        Path folder = from.startsWith("file:") ? Path.of(java.net.URI.create(from)) : Path.of(from);
        return options.run(new MlflowFileStore(folder));
    }
}
