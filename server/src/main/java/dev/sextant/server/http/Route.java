package dev.sextant.server.http;

import dev.sextant.server.auth.Access;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.Objects;

/**
 * One route of either API, and everything the edge needs to know about it: the body limit ({@link Body}) and the
 * access it needs ({@link Access}) are declared here and nowhere else, so adding a route is one line.
 * {@code path} is Javalin's: {@code {param}} is one path segment, {@code <param>} may contain '/'. Nothing has a
 * default: a route that does not say what it reads and who may call it does not compile.
 */
public record Route(HandlerType method, String path, Handler handler, Body body, Access access) {

    /** What the request body is, which decides its size limit. */
    public enum Body {
        /** The handler reads no body; one sent anyway is capped as JSON (max-json-body) and drained. */
        NONE,
        /** A JSON message, parsed whole: max-json-body, and one large body at a time. */
        JSON,
        /** A native metric batch, streamed and counted as it parses: max-metric-body. */
        METRIC_BATCH,
        /** A file's bytes, streamed to the artifact store: max-artifact-size, cut off there. */
        ARTIFACT_UPLOAD
    }

    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(access, "access");
    }
}
