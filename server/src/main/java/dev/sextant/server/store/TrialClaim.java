package dev.sextant.server.store;

import dev.sextant.server.domain.SweepState;
import dev.sextant.server.domain.SweepTrial;

/** What asking a sweep for its next trial gave. */
public sealed interface TrialClaim {
    /** A new trial, its run already created. */
    record Issued(SweepTrial trial) implements TrialClaim {}

    /** No trial now: the sweep is paused, stopped, finished, or out of points while some trials still run. */
    record NoTrial(SweepState state) implements TrialClaim {}
}
