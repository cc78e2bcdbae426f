package dev.sextant.server.domain;

/** Where a sweep is: handing out trials, paused, out of trials, or stopped by a person. */
public enum SweepState {
    RUNNING, PAUSED, FINISHED, STOPPED
}
