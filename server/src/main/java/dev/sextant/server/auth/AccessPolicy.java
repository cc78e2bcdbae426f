package dev.sextant.server.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which scope a request needs, from its method and path alone, so every route of both APIs, including ones added
 * later, is covered without being listed: GET/HEAD/OPTIONS need read, anything else write. The exceptions are
 * listed here: searches that MLflow and our API send as POST are reads, token administration needs admin, and
 * /health (and its live/ready probes), login/logout and the login page's static assets are open. /metrics is open
 * here because it checks its own tokens ({@link MetricsAccess}): the metrics token, or any read token.
 */
public final class AccessPolicy {
    /** What a request needs before it reaches a handler. */
    public enum Requirement { OPEN, READ, WRITE, ADMIN }

    private static final Set<String> READ_POSTS = Set.of(
            "/api/v1/runs/search", "/api/v1/metrics/query", "/api/v1/metrics/groups",
            "/api/2.0/mlflow/experiments/search", "/api/2.0/mlflow/runs/search",
            "/ajax-api/2.0/mlflow/experiments/search", "/ajax-api/2.0/mlflow/runs/search",
            "/api/2.0/mlflow/logged-models/search", "/ajax-api/2.0/mlflow/logged-models/search",
            "/api/2.0/mlflow/registered-models/get-latest-versions", "/ajax-api/2.0/mlflow/registered-models/get-latest-versions");
    private static final Set<String> OPEN = Set.of(
            "GET /health", "HEAD /health", "GET /health/live", "HEAD /health/live", "GET /health/ready", "HEAD /health/ready",
            "GET /metrics", "POST /api/v1/auth/login", "POST /api/v1/auth/logout",
            "GET /login.html", "GET /share.html", "GET /favicon.ico");
    /** Application code and styles carry no data; the login page needs them before there is a cookie. */
    private static final List<String> OPEN_ASSET_PREFIXES = List.of("/css/", "/js/");
    private static final Pattern RUN_PATH = Pattern.compile("^/api/v1/runs/([^/]+)(/metrics(/.*)?|/artifacts(\\.zip|/.*)?)?$");
    private static final Set<String> CHART_PATHS = Set.of("/api/v1/charts/metric.png", "/api/v1/charts/metric.svg");

    private AccessPolicy() {}

    public static Requirement required(String method, String path) {
        var verb = method.toUpperCase(Locale.ROOT);
        boolean reading = verb.equals("GET") || verb.equals("HEAD") || verb.equals("OPTIONS");
        if (OPEN.contains(verb + " " + path)) return Requirement.OPEN;
        if (reading && !isApi(path) && OPEN_ASSET_PREFIXES.stream().anyMatch(path::startsWith)) return Requirement.OPEN;
        // contains(), not equals(): whatever spelling of the path a router might still match stays admin-only.
        if (path.contains("/auth/tokens")) return Requirement.ADMIN;
        if (reading || verb.equals("POST") && READ_POSTS.contains(path)) return Requirement.READ;
        return Requirement.WRITE;
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
