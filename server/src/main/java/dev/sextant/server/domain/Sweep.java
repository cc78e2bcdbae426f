package dev.sextant.server.domain;

/**
 * A hyperparameter search: its validated config (JSON text as sent), state and the number of trials handed out.
 * Times are epoch milliseconds.
 */
public record Sweep(String sweepId, String experimentId, String name, String configJson, SweepState state,
                    LifecycleStage lifecycleStage, long trialCount, long creationTimeMs, long lastUpdateTimeMs) {
    public Sweep {
        java.util.Objects.requireNonNull(sweepId);
        java.util.Objects.requireNonNull(configJson);
    }
}
