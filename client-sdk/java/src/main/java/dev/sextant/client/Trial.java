package dev.sextant.client;

import java.util.Map;

/**
 * One trial of a sweep, handed to an agent's body: the config the server chose (nested maps for dotted names) and the
 * trial's run, already created with that config. Log to {@link #run()}; check {@link #shouldStop()} between epochs.
 */
public record Trial(String sweepId, long trialIndex, Map<String, Object> config, String metricName, Run run) {
    public Trial {
        config = Map.copyOf(config);
    }

    /** True once the sweep decided this trial should stop early; see {@link Run#shouldStop()}. */
    public boolean shouldStop() {
        return run.shouldStop();
    }
}
