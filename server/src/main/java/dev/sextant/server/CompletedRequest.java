package dev.sextant.server;

/**
 * One answered request, as the metrics and the access log see it. {@code route} is the template Javalin matched
 * ({@code /api/v1/runs/{run_id}}), or {@link RequestObserver#STATIC} / {@link RequestObserver#UNMATCHED}, never a
 * raw path; {@code method} is a standard method or {@code OTHER}; {@code caller} is the token's name, never the
 * token, or null when the request carried none (auth off, open routes).
 */
public record CompletedRequest(String method, String route, int status, long durationNanos, long bytesIn, long bytesOut,
                               String caller) {}
