package dev.sextant.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.api.Json;
import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.http.ErrorResponse;
import dev.sextant.server.http.JsonErrorHandler;
import dev.sextant.server.http.RouteTemplates;
import dev.sextant.server.http.SecurityHeaders;
import dev.sextant.server.http.UnreadBody;
import dev.sextant.server.http.UiAssets;
import dev.sextant.server.service.Limits;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.JavalinStaticResourceHandler;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Javalin application: routes, the web UI from the classpath, and the one place where exceptions
 * become {"error_code", "message"} responses. Tests build exactly this app.
 */
public final class App {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    /** Marks a response whose JSON error is already written, so the 404 fallback leaves it alone. */
    private static final String ERROR_WRITTEN = "sextant.error-written";
    private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

    private App() {}

    /**
     * {@code filters} (servlet filters, in order) run before any handler: request counting, body limits.
     * {@code beforeHandlers} run before every request (static files too), after the security headers are set:
     * access control. {@code requestLog} sees every completed request, matched route and caller stamped.
     */
    public static Javalin create(ObjectMapper mapper, RouteTemplates templates, Limits limits,
                                 List<jakarta.servlet.Filter> filters, List<Handler> beforeHandlers, RequestObserver requestLog) {
        return Javalin.create(config -> {
            config.requestLogger.http(RequestObserver::stamp);
            config.jetty.modifyServer(server -> server.setRequestLog(requestLog));
            config.routes.before(SecurityHeaders::apply);
            for (var handler : beforeHandlers) config.routes.before(handler);
            config.routes.after(UnreadBody::drainUnread);
            config.startup.showJavalinBanner = false;
            // Javalin's cap on a body it buffers itself (ctx.body()); BodyLimitFilter's per-route limit is the stricter one.
            config.http.maxRequestSize = Math.max(limits.maxJsonBodyBytes(), limits.maxMetricBodyBytes());
            // Javalin copies a handler's result to the response through a new buffer of this size (Jetty's 32 KB output
            // buffer by default): 32 KB allocated and zeroed for a log-metric's "{}". Jetty still buffers 32 KB before
            // it writes, so a big result only takes more, cheap, copies.
            config.http.responseBufferSize = 4 * 1024;
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            config.jetty.modifyServletContextHandler(handler -> {
                // Nothing here uses HTTP sessions; one created anyway must not live forever (NoWebSockets closed the
                // path that made them).
                if (handler.getSessionHandler() != null) handler.getSessionHandler().setMaxInactiveInterval(60);
                for (var filter : filters) handler.addFilter(new org.eclipse.jetty.ee10.servlet.FilterHolder(filter), "/*",
                        java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
            });
            config.jsonMapper(new JavalinJackson(mapper, false));
            // Javalin's own classpath reader, not Jetty's resource handler: Jetty's mounts the jar as a zip file system
            // four times a static-files entry, whose indexes of the fat jar's 26,000 entries held ~60 MB of a 256 MB heap.
            config.resourceHandler(new JavalinStaticResourceHandler());
            config.staticFiles.add("/public", Location.CLASSPATH);
            UiAssets.serve(config);
            config.staticFiles.enableWebjars();
            for (var route : templates.matchingOrder()) config.routes.addEndpoint(new io.javalin.router.Endpoint(route.method(), route.path(), route.handler()));

            config.routes.exception(SextantException.class, (e, ctx) -> error(ctx, e.code(), e.getMessage()));
            config.routes.exception(JacksonException.class, (e, ctx) -> error(ctx, ErrorCode.INVALID_PARAMETER_VALUE, Json.describe(e)));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, ErrorResponse.codeFor(e.getStatus()), e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                var clientFault = clientFault(e, templates, ctx);
                if (clientFault != null) {
                    error(ctx, clientFault.code(), clientFault.getMessage());
                    return;
                }
                LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
                error(ctx, ErrorCode.INTERNAL_ERROR, "internal error; the server log has the details");
            });
            config.routes.error(404, ctx -> {
                // A handler that answered 404 with its own body (the MLflow API does) keeps it.
                if (ctx.attribute(ERROR_WRITTEN) == null && ctx.resultInputStream() == null) {
                    error(ctx, ErrorCode.ENDPOINT_NOT_FOUND, "no endpoint " + ctx.method() + " " + ctx.path());
                }
            });
            config.routes.error(405, ctx -> error(ctx, ErrorCode.ENDPOINT_NOT_FOUND,
                    "method " + ctx.method() + " is not allowed on " + ctx.path()));
        });
    }

    static void error(Context ctx, ErrorCode code, String message) {
        ctx.attribute(ERROR_WRITTEN, Boolean.TRUE);
        ErrorResponse.write(ctx, code.httpStatus(), code, message);
    }

    /**
     * Failures caused by the request rather than the server: a body that ended before its Content-Length
     * (the client went away or lied), a charset nobody knows, a body cut off at a limit, a path whose %-escape is not
     * two hex digits ({@code %u0041}, the old IIS form, or a lone {@code %}: it gets past Jetty and fails when Javalin
     * decodes a path parameter, which is named from the matched route). Null for real faults.
     */
    private static SextantException clientFault(Throwable e, RouteTemplates routes, Context ctx) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SextantException sextant) return sextant;
            if (cause instanceof org.eclipse.jetty.io.EofException) {
                return new SextantException(ErrorCode.BAD_REQUEST, "the request body ended before its declared length");
            }
            if (cause instanceof java.nio.charset.UnsupportedCharsetException
                    || cause instanceof java.nio.charset.IllegalCharsetNameException) {
                return new SextantException(ErrorCode.BAD_REQUEST, "the Content-Type names an unknown charset");
            }
            if (cause == cause.getCause()) break;
        }
        if (!(e instanceof IllegalArgumentException) || e.getMessage() == null || !e.getMessage().startsWith("URLDecoder:")) {
            return null;
        }
        var name = routes.parameters(ctx.method().name(), ctx.req().getRequestURI()).entrySet().stream()
                .filter(parameter -> BAD_ESCAPE.matcher(parameter.getValue()).find())
                .map(Map.Entry::getKey).findFirst().orElse(null);
        return new SextantException(ErrorCode.INVALID_PARAMETER_VALUE, (name == null ? "the path" : "path parameter '" + name + "'")
                + " has a malformed %-escape: each % must be followed by two hex digits (%uXXXX is not URL encoding)");
    }
}
