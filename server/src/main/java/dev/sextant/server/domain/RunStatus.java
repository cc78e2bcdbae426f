package dev.sextant.server.domain;

/** Run status as MLflow defines it; the server does not enforce transitions. */
public enum RunStatus {
    RUNNING, SCHEDULED, FINISHED, FAILED, KILLED;

    public boolean isTerminal() {
        return this == FINISHED || this == FAILED || this == KILLED;
    }
}
