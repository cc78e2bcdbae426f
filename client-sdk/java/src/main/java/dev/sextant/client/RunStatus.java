package dev.sextant.client;

/** How a run ended (or that it is still running), as the server spells it. */
public enum RunStatus {
    RUNNING, FINISHED, FAILED, KILLED
}
