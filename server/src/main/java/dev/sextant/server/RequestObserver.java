package dev.sextant.server;

import dev.sextant.server.api.AccessFilter;
import dev.sextant.server.auth.Principal;
import dev.sextant.server.http.RouteTemplates;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.NanoTime;

/**
 * Jetty's request log: sees every request once its response is complete, those refused before any handler (body
 * limits, shutdown) and Jetty's own refusals included, and hands a {@link CompletedRequest} to each listener
 * (metrics, access log). The duration runs from the request's first byte to its response's last; the bytes are
 * body bytes as read and written. Javalin stamps the matched route template and the caller on the request
 * ({@link #stamp}); a request refused before its handler ran gets its template from {@link RouteTemplates}. So
 * labels stay a bounded set whatever paths clients send.
 */
public final class RequestObserver implements RequestLog {
    /** The route label of files served from the classpath (the web UI, WebJars). */
    public static final String STATIC = "static";
    /** The route label of requests no route matched (404, 405) or that were refused before routing. */
    public static final String UNMATCHED = "unmatched";
    private static final String ROUTE = "sextant.route";
    private static final String CALLER = "sextant.caller";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final RouteTemplates templates;
    private final List<Consumer<CompletedRequest>> listeners;

    RequestObserver(RouteTemplates templates, List<Consumer<CompletedRequest>> listeners) {
        this.templates = templates;
        this.listeners = List.copyOf(listeners);
    }

    /** Javalin's request logger: runs after the handler wrote its response, before Jetty completes it. */
    static void stamp(Context ctx, Float executionMs) {
        var endpoint = ctx.endpoints().matchedHttpEndpoint();
        if (endpoint != null) ctx.attribute(ROUTE, endpoint.path);
        var principal = AccessFilter.principal(ctx);
        if (principal instanceof Principal.Token token) ctx.attribute(CALLER, token.name());
        else if (principal instanceof Principal.Share) ctx.attribute(CALLER, "share-link");
    }

    @Override
    public void log(Request request, Response response) {
        var method = METHODS.contains(request.getMethod()) ? request.getMethod() : "OTHER";
        var route = request.getAttribute(ROUTE) instanceof String stamped ? stamped : template(method, request, response.getStatus());
        var caller = request.getAttribute(CALLER) instanceof String name ? name : null;
        var completed = new CompletedRequest(method, route, response.getStatus(), NanoTime.since(request.getBeginNanoTime()),
                Request.getContentBytesRead(request), Response.getContentBytesWritten(response), caller);
        for (var listener : listeners) listener.accept(completed);
    }

    /** A request Javalin did not route to a handler: refused before it, a HEAD on a GET route, or a UI file. */
    private String template(String method, Request request, int status) {
        var path = Request.getPathInContext(request);
        var route = path == null ? null : templates.find(method, path);
        if (route != null) return route.path();
        return status < 400 ? STATIC : UNMATCHED; // the web UI's files, served from the classpath
    }
}
