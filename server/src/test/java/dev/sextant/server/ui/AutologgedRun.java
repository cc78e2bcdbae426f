package dev.sextant.server.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A run shaped like sklearn autolog's, created over MLflow's API: final scores logged once, a short loss curve, MLflow's own tags. */
final class AutologgedRun {
    private AutologgedRun() {}

    /** Creates the run and returns its id; test_score is the one value that differs between runs. */
    static String create(SeededServer server, String experimentId, String name, double testScore) {
        var created = server.ok("POST", "/api/2.0/mlflow/runs/create", Map.of("experiment_id", experimentId, "run_name", name,
                "tags", List.of(Map.of("key", "mlflow.source.name", "value", "train.py"), Map.of("key", "estimator_name", "value", "LogisticRegression"))));
        var runId = created.path("run").path("info").path("run_id").asText();
        var metrics = new ArrayList<Map<String, Object>>();
        metrics.add(Map.of("key", "training_score", "value", 0.9732, "timestamp", 1_700_000_000_000L, "step", 0));
        metrics.add(Map.of("key", "test_score", "value", testScore, "timestamp", 1_700_000_000_000L, "step", 0));
        for (int step = 0; step < 5; step++) {
            metrics.add(Map.of("key", "loss", "value", 1.0 / (step + 1), "timestamp", 1_700_000_000_000L + step, "step", step));
        }
        server.ok("POST", "/api/2.0/mlflow/runs/log-batch", Map.of("run_id", runId, "metrics", metrics,
                "tags", List.of(Map.of("key", "mlflow.log-model.history", "value", "[{\"flavors\": {}}]".repeat(200)))));
        return runId;
    }
}
