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
        params = params == null ? Map.of() : copy("param", params);
        tags = tags == null ? Map.of() : copy("tag", tags);
    }

    /** Map.copyOf refuses nulls with an NPE; a null value is the caller's mistake, so it is a 400 naming the key. */
    private static Map<String, String> copy(String kind, Map<String, String> map) {
        map.forEach((key, value) -> InputRules.value(kind + " '" + key + "'", value, Integer.MAX_VALUE));
        return Map.copyOf(map);
    }
}
