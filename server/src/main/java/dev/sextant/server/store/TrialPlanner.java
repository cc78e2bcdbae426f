package dev.sextant.server.store;

import dev.sextant.server.domain.SweepTrial;
import java.util.List;
import java.util.Optional;

/** Chooses a sweep's next trial from the trials so far; called inside {@link SweepStore#claimTrial}'s transaction. */
@FunctionalInterface
public interface TrialPlanner {
    /** The next trial, numbered {@code trialIndex}; empty when the sweep has nothing left to try. */
    Optional<PlannedTrial> plan(List<SweepTrial> history, long trialIndex);

    /** A trial to create: its grid point (null outside grid search), config (JSON of dotted keys) and run. */
    record PlannedTrial(Long gridIndex, String configJson, NewRun run) {}
}
