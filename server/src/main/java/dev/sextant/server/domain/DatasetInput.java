package dev.sextant.server.domain;

import java.util.Map;

/** A dataset a run read, with the input's tags (e.g. mlflow.data.context = "train"). */
public record DatasetInput(Dataset dataset, Map<String, String> tags) {
    public static final String CONTEXT_TAG = "mlflow.data.context";

    public DatasetInput {
        tags = Map.copyOf(tags);
    }
}
