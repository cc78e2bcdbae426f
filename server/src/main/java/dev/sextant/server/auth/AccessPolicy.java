package dev.sextant.server.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a request no route matches needs (the routes declare their own {@link Access}): the web UI's files and
 * anything else Javalin may answer, a 404 included. GET/HEAD/OPTIONS need read, anything else write; the login and
 * share pages and the static assets they load are open, and any spelling of the token administration path stays
 * admin-only. Also what a share link may reach.
 */
public final class AccessPolicy {
    private static final Set<String> OPEN_PAGES = Set.of("/login.html", "/share.html", "/favicon.ico");
    /** Application code and styles carry no data; the login page needs them before there is a cookie. */
    private static final List<String> OPEN_ASSET_PREFIXES = List.of("/css/", "/js/", "/assets/");
    private static final Pattern RUN_PATH = Pattern.compile("^/api/v1/runs/([^/]+)(/metrics(/.*)?|/artifacts(\\.zip|/.*)?)?$");
    private static final Set<String> CHART_PATHS = Set.of("/api/v1/charts/metric.png", "/api/v1/charts/metric.svg");

    private AccessPolicy() {}

    /** The access a request to {@code path} needs when no route matches it. */
    public static Access unrouted(String method, String path) {
        boolean reading = isSafe(method);
        if (method.equalsIgnoreCase("GET") && OPEN_PAGES.contains(path)) return Access.OPEN;
        if (reading && !isApi(path) && OPEN_ASSET_PREFIXES.stream().anyMatch(path::startsWith)) return Access.OPEN;
        // contains(), not equals(): whatever spelling of the path a router might still match stays admin-only.
        if (path.contains("/auth/tokens")) return Access.ADMIN;
        return reading ? Access.READ : Access.WRITE;
    }

    /** GET, HEAD and OPTIONS (any case): methods that only read. */
    public static boolean isSafe(String method) {
        var verb = method.toUpperCase(Locale.ROOT);
        return verb.equals("GET") || verb.equals("HEAD") || verb.equals("OPTIONS");
    }

    /** True for paths whose callers expect JSON errors rather than the login page. */
    public static boolean isApi(String path) {
        return path.startsWith("/api/") || path.startsWith("/ajax-api/") || path.equals("/health") || path.startsWith("/health/")
                || path.equals("/metrics");
    }

    /**
     * Whether a share link may make this request: reading the UI, and GET/HEAD of one of its runs, its metrics,
     * artifacts and charts. {@code queryRunIds} are the chart's run_id parameters; POST /api/v1/metrics/query is
     * checked by the caller against the body's run_ids with {@link #shareCovers}.
     */
    public static boolean shareAllows(Principal.Share share, String method, String path, List<String> queryRunIds) {
        var verb = method.toUpperCase(Locale.ROOT);
        if (!verb.equals("GET") && !verb.equals("HEAD")) return false;
        // The UI shell only: a share link has no business with anything else a path might route to.
        if (!isApi(path)) return path.equals("/") || path.equals("/index.html") || path.startsWith("/webjars/");
        if (path.equals("/api/v1/auth/whoami")) return true;
        if (CHART_PATHS.contains(path)) return shareCovers(share, queryRunIds);
        var run = RUN_PATH.matcher(path);
        return run.matches() && share.runIds().contains(URLDecoder.decode(run.group(1), StandardCharsets.UTF_8));
    }

    public static boolean shareCovers(Principal.Share share, List<String> runIds) {
        return runIds != null && !runIds.isEmpty() && share.runIds().containsAll(runIds);
    }
}
