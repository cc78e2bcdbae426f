package dev.sextant.server.service;

import java.util.Map;

/**
 * A request to start a run. Either experimentId or experimentName (created when missing) may be
 * given; neither means Default. A client may choose the runId (32 lowercase hex) so that a retried or
 * replayed create is idempotent. Null name, user and startTimeMs get defaults.
 */
public record CreateRunCommand(
        String experimentId,
        String experimentName,
        String runId,
        String name,
        String user,
        Long startTimeMs,
        String parentRunId,
        Map<String, String> params,
        Map<String, String> tags) {

    public CreateRunCommand {
        params = params == null ? Map.of() : Map.copyOf(params);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
