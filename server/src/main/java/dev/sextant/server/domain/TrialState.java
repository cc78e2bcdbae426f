package dev.sextant.server.domain;

/** A trial is ACTIVE while its agent sends heartbeats (or its run has ended); LOST once it missed them. */
public enum TrialState {
    ACTIVE, LOST
}
