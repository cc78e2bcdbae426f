package dev.sextant.server.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The six-run "resnet-sweep" that the experiments, runs table, compare and run page views are all tested on:
 * nested configs (optimizer name and lr differ, so does dropout), two tags, two training curves of 400 steps
 * and two system metrics of 60, every run finished. Runs start six hours ago, 20 minutes apart.
 */
record ResnetSweep(String experimentId, List<String> runIds) {
    static final String[] OPTIMIZERS = {"adam", "sgd", "adam", "adamw", "sgd", "adam"};
    static final double[] LEARNING_RATES = {0.001, 0.01, 0.003, 0.0003, 0.03, 0.001};

    ResnetSweep {
        runIds = List.copyOf(runIds);
    }

    /** Creates the experiment and its runs over HTTP. */
    static ResnetSweep seed(SeededServer server) {
        var experimentId = server.createExperiment("resnet-sweep");
        var runIds = new ArrayList<String>();
        long start = System.currentTimeMillis() - 6 * 3_600_000L;
        for (int i = 0; i < OPTIMIZERS.length; i++) {
            var config = new LinkedHashMap<String, Object>();
            config.put("optimizer", Map.of("name", OPTIMIZERS[i], "lr", LEARNING_RATES[i], "betas", Map.of("b1", 0.9, "b2", 0.999)));
            config.put("model", Map.of("depth", 50, "dropout", i % 2 == 0 ? 0.1 : 0.2));
            config.put("data", Map.of("batch_size", 128, "augment", true));
            config.put("seed", 42);
            long runStart = start + i * 1_200_000L;
            var runId = server.createRun(experimentId, "resnet50-" + OPTIMIZERS[i] + "-" + i, runStart, config,
                    Map.of("team", "vision", "stage", i < 3 ? "baseline" : "tuned"));
            double rate = 0.004 + i * 0.0015;
            int phase = i;
            server.logSeries(runId, "loss", 0, 400, runStart, step -> 2.5 * Math.exp(-rate * step) + 0.05 * Math.sin(step / 7.0) + 0.1);
            server.logSeries(runId, "accuracy", 0, 400, runStart, step -> 0.95 - 0.85 * Math.exp(-rate * 1.3 * step));
            server.logSeries(runId, "system/cpu_percent", 0, 60, runStart, step -> 60 + 20 * Math.sin(step / 5.0 + phase));
            server.logSeries(runId, "system/gpu_memory_gb", 0, 60, runStart, step -> 10 + phase + step / 30.0);
            server.finish(runId, runStart + 400_000L);
            runIds.add(runId);
        }
        return new ResnetSweep(experimentId, runIds);
    }
}
