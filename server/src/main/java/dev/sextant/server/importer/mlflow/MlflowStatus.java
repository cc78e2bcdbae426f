package dev.sextant.server.importer.mlflow;

import dev.sextant.server.domain.RunStatus;

/** MLflow's run status, as its file store writes it (an enum number) or its REST API sends it (a name). */
final class MlflowStatus {
    private MlflowStatus() {}

    static RunStatus fromNumber(int number) {
        return switch (number) {
            case 1 -> RunStatus.RUNNING;
            case 2 -> RunStatus.SCHEDULED;
            case 3 -> RunStatus.FINISHED;
            case 4 -> RunStatus.FAILED;
            case 5 -> RunStatus.KILLED;
            default -> throw new IllegalArgumentException("unknown MLflow run status " + number);
        };
    }

    static RunStatus fromName(String name) {
        return RunStatus.valueOf(name);
    }
}
