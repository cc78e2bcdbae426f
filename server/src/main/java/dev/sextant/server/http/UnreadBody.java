package dev.sextant.server.http;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Reads and throws away what a handler left of its request body, before the answer is written. Closing a
 * connection with unread request bytes makes the kernel reset it, and a client still sending (a GET with 1.3 MB,
 * a DELETE whose body arrives after the answer is ready) would lose the answer. The read happens while the answer
 * is still held by Javalin: when the drain ran after the response (in BodyLimitFilter), Jetty 12.1 sometimes answered
 * such a well-formed request "505 HTTP/0.9 not supported" (HostileInputTest, about once in 40,000 requests).
 */
public final class UnreadBody {
    /** How much of an unread body is read and thrown away; a huge one is cut off after the first 16 MB. */
    static final long DRAIN_BYTES = 16L * 1024 * 1024;

    private UnreadBody() {}

    /** The request attribute holding the body kind of the route a request reached ({@link BodyLimitFilter} sets it). */
    static final String BODY_KIND = "sextant.body-kind";

    /**
     * A Javalin after-handler: drains every body but an artifact upload's, which the artifact service cuts off. The
     * route is the one BodyLimitFilter already looked up for this request, not a second scan of the route table.
     */
    public static void drainUnread(Context ctx) {
        if (ctx.req().getAttribute(BODY_KIND) != Route.Body.ARTIFACT_UPLOAD) drain(ctx.req());
    }

    /** Reads at most {@link #DRAIN_BYTES} of what is left of the body; a failed read just ends it. */
    static void drain(HttpServletRequest request) {
        try (var in = request.getInputStream()) {
            // Read whole, or none sent: most requests. A JSON parser stops at the closing brace without asking for the
            // end, so the stream is rarely "finished" yet: one byte tells, before a 64 KB buffer is allocated (and
            // zeroed) for every one-point log-metric request.
            if (in.isFinished() || in.read() < 0) return;
            var buffer = new byte[64 * 1024];
            long drained = 1;
            for (int n; drained < DRAIN_BYTES && (n = in.read(buffer)) > 0; ) drained += n;
        } catch (java.io.IOException | RuntimeException e) {
            // The client went away or the body passed its limit: nothing more to say to it.
        }
    }
}
