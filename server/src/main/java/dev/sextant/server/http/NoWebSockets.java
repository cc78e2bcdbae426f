package dev.sextant.server.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;

/**
 * Sextant serves no WebSockets, but Javalin's servlet sends any request with a Sec-WebSocket-Version header down its
 * upgrade path, which skips the before-handlers (so the access check) and created an HTTP session per request that
 * nothing ever expired. Here such a request loses its upgrade headers and is handled as the plain GET it is: 401
 * without a token, else 404 for an unknown path, and no session.
 */
public final class NoWebSockets implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && (http.getHeader("Sec-WebSocket-Version") != null
                || http.getHeader("Sec-WebSocket-Key") != null || http.getHeader("Upgrade") != null)) {
            chain.doFilter(new WithoutUpgrade(http), response);
            return;
        }
        chain.doFilter(request, response);
    }

    private static final class WithoutUpgrade extends HttpServletRequestWrapper {
        WithoutUpgrade(HttpServletRequest request) {
            super(request);
        }

        private static boolean hidden(String name) {
            var lower = name.toLowerCase(Locale.ROOT);
            return lower.equals("upgrade") || lower.startsWith("sec-websocket-");
        }

        @Override
        public String getHeader(String name) {
            return hidden(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream().filter(name -> !hidden(name)).toList());
        }
    }
}
