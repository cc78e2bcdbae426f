package dev.sextant.server.http;

import io.javalin.http.Context;

/**
 * Headers on every response. The UI needs nothing inline: no inline scripts or styles, no eval; style
 * attributes are set through the CSSOM, which CSP allows. Only the Swagger page gets inline styles, because
 * Swagger UI injects its own. Artifact downloads replace the policy with {@code sandbox}.
 */
public final class SecurityHeaders {
    public static final String UI_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    public static final String SWAGGER_POLICY = UI_POLICY.replace("style-src 'self';", "style-src 'self' 'unsafe-inline';");

    private SecurityHeaders() {}

    public static void apply(Context ctx) {
        ctx.header("Content-Security-Policy", ctx.path().equals("/api-docs.html") ? SWAGGER_POLICY : UI_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    }
}
