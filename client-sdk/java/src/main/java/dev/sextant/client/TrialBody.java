package dev.sextant.client;

/** What an agent runs for each trial. Returning ends the run FINISHED (KILLED if the sweep stopped it), throwing FAILED. */
@FunctionalInterface
public interface TrialBody {
    void train(Trial trial) throws Exception;
}
