package dev.sextant.client;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One write to the server for one run, in the form it is sent and spooled: an operation, the JSON request
 * body as bytes, and for artifacts the artifact path and the local file to stream.
 */
record SpoolEvent(Op op, String runId, byte[] body, String artifactPath, Path file, int points) {

    /** The writes the SDK makes; the wire name is what the spool file records. */
    enum Op {
        CREATE_RUN("create_run"), LOG_CONFIG("log_config"), SET_TAGS("set_tags"), LOG_METRICS("log_metrics"),
        UPDATE_RUN("update_run"), LOG_ARTIFACT("log_artifact"), LOG_INPUT("log_input");

        final String wireName;

        Op(String wireName) {
            this.wireName = wireName;
        }

        static Op fromWire(String name) {
            for (Op op : values()) if (op.wireName.equals(name)) return op;
            throw new IllegalArgumentException("unknown spool operation '" + name + "'");
        }
    }

    SpoolEvent {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(runId, "runId");
        body = body == null ? new byte[0] : body;
    }

    static SpoolEvent of(Op op, String runId, byte[] body) {
        return new SpoolEvent(op, runId, body, null, null, 0);
    }

    static SpoolEvent metrics(String runId, byte[] body, int points) {
        return new SpoolEvent(Op.LOG_METRICS, runId, body, null, null, points);
    }

    static SpoolEvent artifact(String runId, String artifactPath, Path file) {
        return new SpoolEvent(Op.LOG_ARTIFACT, runId, new byte[0], artifactPath, file, 0);
    }

    SpoolEvent withFile(Path newFile) {
        return new SpoolEvent(op, runId, body, artifactPath, newFile, points);
    }
}
