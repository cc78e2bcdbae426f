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
        http.setAttribute(UnreadBody.BODY_KIND, limit.body());
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
            chain.doFilter(limited, res); // UnreadBody drains what the handler leaves, before the answer
        } finally {
            if (large) lane.leave();
        }
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
        // Refused before any handler: a bounded drain after the answer, so a moderately over-size body sees it.
        UnreadBody.drain(req);
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
