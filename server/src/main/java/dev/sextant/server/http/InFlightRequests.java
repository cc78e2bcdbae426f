package dev.sextant.server.http;

import dev.sextant.server.error.ErrorCode;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Request;

/**
 * Counts the requests being handled, from the first filter until Jetty has written their whole answer, so a graceful
 * stop can wait for them. Once draining, a request that arrives on a still-open connection is refused with 503
 * TEMPORARILY_UNAVAILABLE (clients retry it), so the in-flight count can only fall.
 */
public final class InFlightRequests implements Filter {
    private final Object lock = new Object();
    private int active;
    private volatile boolean draining;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        boolean admitted;
        synchronized (lock) {
            admitted = !draining;
            if (admitted) active++;
        }
        if (!admitted) {
            refuse((HttpServletResponse) response);
            return;
        }
        // Counted until Jetty has written the whole answer, not until the filter chain returns: the answer is still
        // being written after that, and a stop that closed the connection then would lose an acknowledged write's 200.
        Request.addCompletionListener(ServletContextRequest.getServletContextRequest(request), failure -> finished());
        chain.doFilter(request, response);
    }

    private void finished() {
        synchronized (lock) {
            active--;
            lock.notifyAll();
        }
    }

    /** Refuses new requests from now on; returns true when every in-flight one finished within the timeout. */
    public boolean drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            draining = true;
            while (active > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    public int active() {
        synchronized (lock) {
            return active;
        }
    }

    private static void refuse(HttpServletResponse res) throws IOException {
        res.setHeader("Connection", "close");
        res.setHeader("Retry-After", "1");
        ErrorResponse.write(res, ErrorCode.TEMPORARILY_UNAVAILABLE.httpStatus(), ErrorCode.TEMPORARILY_UNAVAILABLE, "the server is shutting down; retry shortly");
    }
}
