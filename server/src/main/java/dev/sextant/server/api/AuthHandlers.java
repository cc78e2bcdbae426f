package dev.sextant.server.api;

import dev.sextant.server.auth.Authenticator;
import dev.sextant.server.auth.Principal;
import dev.sextant.server.auth.Scope;
import dev.sextant.server.auth.ShareLinks;
import dev.sextant.server.auth.TokenEntry;
import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.service.RunService;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Login/logout (the UI's cookie), who-am-I, share links and token administration. Null authenticator = auth off. */
public final class AuthHandlers {
    static final int MAX_SHARED_RUNS = 100;
    private static final Duration DEFAULT_SHARE_TTL = Duration.ofDays(7);
    private static final Duration COOKIE_TTL = Duration.ofDays(30);

    record LoginRequest(String token) {}

    record ShareRequest(List<String> runIds, Long expiresInS) {}

    record CreateTokenRequest(String name, String scope) {}

    private final Authenticator auth;
    private final RunService runs;

    public AuthHandlers(Authenticator auth, RunService runs) {
        this.auth = auth;
        this.runs = runs;
    }

    void login(Context ctx) {
        requireOn();
        // Login CSRF: a page elsewhere must not be able to log this browser in with the attacker's token.
        if (!AccessFilter.sameOriginProof(ctx)) {
            throw new SextantException(ErrorCode.PERMISSION_DENIED, "login needs the " + AccessFilter.CSRF_HEADER + " header");
        }
        var body = Requests.body(ctx, "auth.login", LoginRequest.class);
        var principal = auth.authenticate(body.token()).orElseThrow(() ->
                new SextantException(ErrorCode.UNAUTHENTICATED, "the token is not valid (unknown, revoked or expired)"));
        long maxAgeS = principal instanceof Principal.Share share
                ? Math.max(1, (share.expiresAtMs() - System.currentTimeMillis()) / 1000) : COOKIE_TTL.toSeconds();
        ctx.cookie(cookie(ctx, body.token(), (int) Math.min(Integer.MAX_VALUE, maxAgeS)));
        ctx.json(describe(principal));
    }

    void logout(Context ctx) {
        ctx.cookie(cookie(ctx, "", 0));
        ctx.status(204);
    }

    void whoami(Context ctx) {
        var principal = AccessFilter.principal(ctx);
        ctx.json(principal == null ? Map.of("auth", auth != null) : describe(principal));
    }

    void share(Context ctx) {
        requireOn();
        var body = Requests.body(ctx, "auth.share", ShareRequest.class);
        if (body.runIds() == null || body.runIds().isEmpty() || body.runIds().size() > MAX_SHARED_RUNS) {
            throw SextantException.invalid("run_ids must list 1 to " + MAX_SHARED_RUNS + " runs");
        }
        long ttlS = body.expiresInS() == null ? DEFAULT_SHARE_TTL.toSeconds() : body.expiresInS();
        if (ttlS < 1 || ttlS > ShareLinks.MAX_TTL.toSeconds()) {
            throw SextantException.invalid("expires_in_s must be between 1 and " + ShareLinks.MAX_TTL.toSeconds() + ", got " + ttlS);
        }
        var runIds = new LinkedHashSet<String>();
        for (var runId : body.runIds()) runIds.add(runs.get(runId).runId());
        if (!(AccessFilter.principal(ctx) instanceof Principal.Token creator)) {
            throw new SextantException(ErrorCode.PERMISSION_DENIED, "only a token can create share links");
        }
        var link = auth.shareLinks().create(List.copyOf(runIds), Duration.ofSeconds(ttlS), creator);
        var grant = auth.shareLinks().verify(link).orElseThrow();
        var result = new LinkedHashMap<String, Object>();
        result.put("token", link);
        result.put("url", ctx.scheme() + "://" + ctx.host() + "/share.html#" + link);
        result.put("run_ids", grant.runIds());
        result.put("expires_at_ms", grant.expiresAtMs());
        ctx.status(201).json(result);
    }

    void listTokens(Context ctx) {
        requireOn();
        var tokens = auth.tokens().list().stream().map(entry -> Map.of("name", entry.name(), "scope", entry.scope().label())).toList();
        ctx.json(Map.of("tokens", tokens));
    }

    void createToken(Context ctx) {
        requireOn();
        var body = Requests.body(ctx, "auth.create_token", CreateTokenRequest.class);
        Scope scope;
        try {
            TokenEntry.checkName(body.name());
            scope = Scope.parse(body.scope());
        } catch (IllegalArgumentException e) {
            throw SextantException.invalid(e.getMessage());
        }
        if (auth.tokens().exists(body.name())) throw SextantException.alreadyExists("a token named '" + body.name() + "' already exists");
        var token = auth.tokens().create(body.name(), scope);
        ctx.status(201).json(Map.of("name", body.name(), "scope", scope.label(), "token", token));
    }

    void revokeToken(Context ctx) {
        requireOn();
        var name = ctx.pathParam("name");
        if (!auth.tokens().revoke(name)) throw SextantException.notFound("token", name);
        ctx.status(204);
    }

    private void requireOn() {
        if (auth == null) throw SextantException.invalidState("authentication is off: start the server with --auth-tokens FILE");
    }

    private static Map<String, Object> describe(Principal principal) {
        if (principal instanceof Principal.Share share) {
            return Map.of("auth", true, "scope", "read",
                    "share", Map.of("run_ids", share.runIds(), "expires_at_ms", share.expiresAtMs()));
        }
        var token = (Principal.Token) principal;
        return Map.of("auth", true, "name", token.name(), "scope", token.scope().label());
    }

    private static Cookie cookie(Context ctx, String value, int maxAgeS) {
        var cookie = new Cookie(AccessFilter.COOKIE, value);
        cookie.setPath("/");
        cookie.setMaxAge(maxAgeS);
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setSecure("https".equals(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto")));
        return cookie;
    }
}
