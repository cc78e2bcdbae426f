package dev.sextant.server.importer;

import java.io.IOException;
import java.util.List;

/** Where an import reads from: an MLflow store or server, a TensorBoard log folder, W&B offline runs. */
public interface ImportSource {

    /** A short name stored with every imported run ({@code sextant.import.source}): "mlflow", "tensorboard", "wandb". */
    String kind();

    /** What is read, for messages: a path or a URL. */
    String describe();

    /** Every experiment with its runs' metadata; points and files are read later, run by run. */
    List<SourceExperiment> experiments(ImportReport report) throws IOException;
}
