package dev.sextant.server;

import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.http.ErrorResponse;
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
import java.util.regex.Pattern;

/**
 * Caps request bodies per route class before any handler runs: artifact uploads, metric batches and every
 * other (JSON) body. A declared Content-Length over the limit is refused at once with 413 and the body is
 * never read; a chunked body is cut off with the same error as soon as it passes the limit.
 */
public final class BodyLimitFilter implements Filter {
    /**
     * Native metric batches, streamed and checked by count as they are parsed, may be large (100,000 points). MLflow's
     * log-batch is not among them: at most 1,000 metrics, 100 params and 100 tags can never legally need more than
     * max-json-body, so that is its limit (its items are counted while it streams too).
     */
    private static final Pattern METRIC_BATCH = Pattern.compile("/api/v1/runs/[^/]+/metrics");
    private static final Pattern ARTIFACT_UPLOAD = Pattern.compile("(/api/v1/runs/[^/]+/artifacts/|/(ajax-)?api/2\\.0/mlflow-artifacts/).*");

    private final Limits limits;
    private final long maxArtifactBytes;
    private final LargeBodyLane lane = new LargeBodyLane();

    public BodyLimitFilter(Limits limits, long maxArtifactBytes) {
        this.limits = limits;
        this.maxArtifactBytes = maxArtifactBytes;
    }

    /** The largest body Javalin itself may buffer (ctx.body()); ours is the stricter per-route check. */
    long largestBufferedBody() {
        return Math.max(limits.maxJsonBodyBytes(), limits.maxMetricBodyBytes());
    }

    /** Route class → (limit, its name as a flag). */
    record Limit(long bytes, String name) {}

    Limit limitFor(String method, String path) {
        if (("PUT".equals(method) || "POST".equals(method)) && ARTIFACT_UPLOAD.matcher(path).matches()) {
            return new Limit(maxArtifactBytes, "max-artifact-size");
        }
        if ("POST".equals(method) && METRIC_BATCH.matcher(path).matches()) {
            return new Limit(limits.maxMetricBodyBytes(), "max-metric-body");
        }
        return new Limit(limits.maxJsonBodyBytes(), "max-json-body");
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
        var limited = declared >= 0 || limit.name().equals("max-artifact-size") ? http : new LimitedRequest(http, limit);
        boolean chunked = declared < 0 && http.getHeader("Transfer-Encoding") != null;
        if (limit.name().equals("max-json-body") && (declared > LargeBodyLane.LARGE_BODY_BYTES || chunked)) {
            if (!lane.enter()) {
                refuse(http, res, 429, ErrorCode.REQUEST_LIMIT_EXCEEDED, "the server is busy with another large JSON body (over "
                        + LargeBodyLane.LARGE_BODY_BYTES + " bytes, or chunked); retry shortly");
                return;
            }
            try {
                handle(chain, limited, res, limit);
            } finally {
                lane.leave();
            }
            return;
        }
        handle(chain, limited, res, limit);
    }

    /**
     * A JSON body refused halfway (a parse limit, say), or one the route never reads (a GET /metrics with a 1.3 MB
     * body, found by the fuzz suite), is drained, so the client, still sending, gets the answer instead of a reset.
     */
    private static void handle(FilterChain chain, HttpServletRequest request, HttpServletResponse res, Limit limit)
            throws IOException, ServletException {
        chain.doFilter(request, res);
        if (!limit.name().equals("max-artifact-size")) drainQuietly(request);
    }

    private static void refuse(HttpServletRequest req, HttpServletResponse res, String message) throws IOException {
        // MLflow clients only parse error codes MLflow knows; its own answer to a large body is INVALID_PARAMETER_VALUE.
        var code = isMlflow(req) ? ErrorCode.INVALID_PARAMETER_VALUE : ErrorCode.REQUEST_TOO_LARGE;
        refuse(req, res, 413, code, message);
    }

    private static boolean isMlflow(HttpServletRequest req) {
        return req.getRequestURI().contains("/2.0/mlflow");
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
