package dev.sextant.server.api;

import dev.sextant.server.auth.Access;
import dev.sextant.server.auth.AccessPolicy;
import dev.sextant.server.auth.Authenticator;
import dev.sextant.server.auth.Credentials;
import dev.sextant.server.auth.Principal;
import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.http.RouteTemplates;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.URI;
import java.util.ArrayList;

/**
 * Runs before every request when auth is on: finds the caller (Authorization header, else the sextant_token
 * cookie), checks the access the matched route declares (a path no route matches: {@link AccessPolicy#unrouted})
 * and CSRF for cookie-carried writes.
 * Failures are 401 UNAUTHENTICATED / 403 PERMISSION_DENIED as JSON, or a redirect to the login page for a
 * browser asking for a UI page.
 */
public final class AccessFilter implements Handler {
    public static final String COOKIE = "sextant_token";
    public static final String CSRF_HEADER = "X-Sextant-CSRF";
    static final String PRINCIPAL = "sextant.principal";

    private final Authenticator authenticator;
    private final RouteTemplates routes;

    public AccessFilter(Authenticator authenticator, RouteTemplates routes) {
        this.authenticator = authenticator;
        this.routes = routes;
    }

    /** What a request needs: its route's declared access, or for a path no route matches (UI files, 404s) the fallback. */
    public static Access required(RouteTemplates routes, String method, String path) {
        var route = routes.find(method, path);
        return route != null ? route.access() : AccessPolicy.unrouted(method, path);
    }

    @Override
    public void handle(Context ctx) throws Exception {
        var method = ctx.method().name();
        var path = ctx.path();
        var access = required(routes, method, path);
        if (access == Access.OPEN) return;
        var header = ctx.header("Authorization");
        // A malformed or wrong Authorization header is refused outright, never retried with the cookie.
        var secret = header != null ? Credentials.fromAuthorization(header) : ctx.cookie(COOKIE);
        var principal = authenticator.authenticate(secret).orElse(null);
        if (principal == null) {
            refuse(ctx, path, secret == null ? "a token is required: send Authorization: Bearer TOKEN"
                    : "the token is not valid (unknown, revoked or expired)");
            return;
        }
        ctx.attribute(PRINCIPAL, principal);
        if (header == null && !AccessPolicy.isSafe(method) && !sameOriginProof(ctx)) {
            throw new SextantException(ErrorCode.PERMISSION_DENIED,
                    "a write authenticated by cookie needs the " + CSRF_HEADER + " header or a same-origin Origin header");
        }
        if (principal instanceof Principal.Share share) {
            if (!shareAllows(share, ctx, method, path)) {
                throw new SextantException(ErrorCode.PERMISSION_DENIED, "a share link only reads the runs it was made for");
            }
            return;
        }
        var needed = access.scope();
        if (!principal.scope().allows(needed)) {
            throw new SextantException(ErrorCode.PERMISSION_DENIED,
                    method + " " + path + " needs a " + needed.label() + " token; this one has scope " + principal.scope().label());
        }
    }

    /** The caller, once this filter has run; null when auth is off or the route is open. */
    public static Principal principal(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }

    private void refuse(Context ctx, String path, String message) {
        boolean page = ctx.method().name().equals("GET") && (path.equals("/") || path.endsWith(".html"));
        if (!AccessPolicy.isApi(path) && page) {
            // The fragment (#/runs/…) survives the redirect, so the login page can return there.
            ctx.redirect("/login.html");
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.header("WWW-Authenticate", "Bearer realm=\"sextant\"");
        throw new SextantException(ErrorCode.UNAUTHENTICATED, message);
    }

    private boolean shareAllows(Principal.Share share, Context ctx, String method, String path) throws Exception {
        boolean groups = path.equals("/api/v1/metrics/groups");
        if (method.equals("POST") && (groups || path.equals("/api/v1/metrics/query"))) {
            var body = Requests.tree(ctx);
            var runIds = new ArrayList<String>();
            body.path("run_ids").forEach(id -> runIds.add(id.asText()));
            // Groups of the shared runs only: an experiment would reach runs the link does not name.
            return (!groups || body.path("experiment_ids").isEmpty()) && AccessPolicy.shareCovers(share, runIds);
        }
        return AccessPolicy.shareAllows(share, method, path, ctx.queryParams("run_id"));
    }

    /** Browsers never add a custom header cross-site without a CORS preflight, which we never grant. */
    static boolean sameOriginProof(Context ctx) {
        var custom = ctx.header(CSRF_HEADER);
        if (custom != null && !custom.isBlank()) return true;
        var origin = ctx.header("Origin");
        if (origin == null || ctx.host() == null) return false;
        try {
            return ctx.host().equalsIgnoreCase(URI.create(origin).getRawAuthority());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
