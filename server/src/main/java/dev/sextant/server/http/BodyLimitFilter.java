package dev.sextant.server.http;

import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.service.CappedInputStream;
import dev.sextant.server.service.Limits;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Caps request bodies before any handler runs, by the body kind the matched route declares ({@link Route.Body}):
 * artifact uploads, native metric batches and every other (JSON) body; a path no route matches is capped as JSON.
 * A declared Content-Length over the limit is refused at once with 413 and the body is never read; a chunked body
 * is cut off with the same error as soon as it passes the limit. MLflow's log-batch is JSON, not a metric batch:
 * at most 1,000 metrics, 100 params and 100 tags never legally need more than max-json-body.
 */
public final class BodyLimitFilter implements Filter {
    private final RouteTemplates routes;
    private final Limits limits;
    private final LargeBodyLane lane = new LargeBodyLane();

    public BodyLimitFilter(RouteTemplates routes, Limits limits) {
        this.routes = routes;
        this.limits = limits;
    }

    /** A body kind's limit and its name as a flag. */
    record Limit(Route.Body body, long bytes, String name) {}

    Limit limitFor(String method, String path) {
        var route = routes.find(method, path);
        var body = route == null ? Route.Body.NONE : route.body();
        return switch (body) {
            case ARTIFACT_UPLOAD -> new Limit(body, limits.maxArtifactBytes(), "max-artifact-size");
            case METRIC_BATCH -> new Limit(body, limits.maxMetricBodyBytes(), "max-metric-body");
            case JSON, NONE -> new Limit(body, limits.maxJsonBodyBytes(), "max-json-body");
        };
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse res)) {
            chain.doFilter(request, response);
            return;
        }
        var limit = limitFor(http.getMethod(), http.getRequestURI());
        long declared = http.getContentLengthLong();
        if (declared > limit.bytes()) {
            refuse(http, res, "request body of " + declared + " bytes exceeds the limit " + limit.name() + "=" + limit.bytes() + " bytes");
            return;
        }
        // A declared length is enforced by the server itself; uploads are cut off by the artifact service.
        var limited = declared >= 0 || limit.body() == Route.Body.ARTIFACT_UPLOAD ? http : new LimitedRequest(http, limit);
        boolean chunked = declared < 0 && http.getHeader("Transfer-Encoding") != null;
        boolean parsedWhole = limit.body() == Route.Body.JSON || limit.body() == Route.Body.NONE;
        boolean large = parsedWhole && (declared > LargeBodyLane.LARGE_BODY_BYTES || chunked);
        if (large && !lane.enter()) {
            refuse(http, res, 429, ErrorCode.REQUEST_LIMIT_EXCEEDED, "the server is busy with another large JSON body (over "
                    + LargeBodyLane.LARGE_BODY_BYTES + " bytes, or chunked); retry shortly");
            return;
        }
        try {
            handle(chain, limited, res, limit);
        } finally {
            if (large) lane.leave();
        }
    }

    /**
     * A JSON body refused halfway (a parse limit, say), or one the route never reads (a GET /metrics with a 1.3 MB
     * body, found by the fuzz suite), is drained, so the client, still sending, gets the answer instead of a reset.
     */
    private static void handle(FilterChain chain, HttpServletRequest request, HttpServletResponse res, Limit limit)
            throws IOException, ServletException {
        chain.doFilter(request, res);
        if (limit.body() != Route.Body.ARTIFACT_UPLOAD) drainQuietly(request);
    }

    private static void refuse(HttpServletRequest req, HttpServletResponse res, String message) throws IOException {
        // MLflow clients only parse error codes MLflow knows; its own answer to a large body is INVALID_PARAMETER_VALUE.
        var code = req.getRequestURI().contains("/2.0/mlflow") ? ErrorCode.INVALID_PARAMETER_VALUE : ErrorCode.REQUEST_TOO_LARGE;
        refuse(req, res, 413, code, message);
    }

    private static void refuse(HttpServletRequest req, HttpServletResponse res, int status, ErrorCode code, String message)
            throws IOException {
        if (status == 429) res.setHeader("Retry-After", "1");
        res.setHeader("Connection", "close");
        ErrorResponse.write(res, status, code, message);
        drainQuietly(req);
    }

    /** How much of a refused body is read and thrown away after the 413 has been sent. */
    private static final long DRAIN_BYTES = 16L * 1024 * 1024;

    /**
     * Closing a connection with unread request bytes makes the kernel reset it, and a client still sending
     * (one that did not ask for 100-continue) may then lose our 413. Reading a bounded amount first lets a
     * moderately over-size upload see its error; a huge one is cut off after the first 16 MB.
     */
    private static void drainQuietly(HttpServletRequest req) {
        try (var in = req.getInputStream()) {
            var buffer = new byte[64 * 1024];
            long drained = 0;
            for (int n; drained < DRAIN_BYTES && (n = in.read(buffer)) > 0; ) drained += n;
        } catch (IOException | RuntimeException e) {
            // The client went away or the server refused the rest: nothing more to say to it.
        }
    }

    /** A request whose body stream fails with REQUEST_TOO_LARGE once more than the limit has been read. */
    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final Limit limit;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, Limit limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) stream = new LimitedServletInputStream(super.getInputStream(), limit);
            return stream;
        }
    }

    /** The servlet face of a {@link CappedInputStream}: past the limit a read fails with REQUEST_TOO_LARGE. */
    private static final class LimitedServletInputStream extends ServletInputStream {
        private final ServletInputStream in;
        private final CappedInputStream capped;

        LimitedServletInputStream(ServletInputStream in, Limit limit) {
            this.in = in;
            this.capped = new CappedInputStream(in, limit.bytes(), limit.name());
        }

        @Override
        public int read() throws IOException {
            try {
                return capped.read();
            } catch (IOException e) {
                throw refusedOrRethrown(e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return capped.read(buffer, offset, length);
            } catch (IOException e) {
                throw refusedOrRethrown(e);
            }
        }

        private IOException refusedOrRethrown(IOException e) {
            if (capped.tooLarge()) throw new SextantException(ErrorCode.REQUEST_TOO_LARGE, e.getMessage());
            return e;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
