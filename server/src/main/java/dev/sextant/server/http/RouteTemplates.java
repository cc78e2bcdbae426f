package dev.sextant.server.http;

import io.javalin.config.RouterConfig;
import io.javalin.router.matcher.PathParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Finds the route a method and path reach with Javalin's own path matcher and routing rules (App keeps the defaults):
 * first match in registration order, {@code {param}} is one path segment, {@code <param>} may span several, a trailing
 * '/' is ignored; and a HEAD with no HEAD route is a GET. The body limit and access filters run before Javalin routes a
 * request and look its route up here; the request log names the route of a request that never reached its handler
 * (refused by access control, a body limit or a shutdown), so its metrics and access log say the route rather than
 * "unmatched".
 */
public final class RouteTemplates {
    private static final RouterConfig JAVALIN_DEFAULTS = new RouterConfig();

    private record Template(Route route, PathParser path) {}

    /** Per method: paths without parameters, each to the first template that matches it (its own, unless shadowed). */
    private final Map<String, Map<String, Template>> exact = new HashMap<>();
    /** Per method: routes with parameters, in registration order. */
    private final Map<String, List<Template>> templates = new HashMap<>();
    private final List<Route> routes;
    private final List<Route> matchingOrder;

    /** A table with no route marked frequent: {@link #matchingOrder()} is the registration order. */
    public RouteTemplates(List<Route> routes) {
        this(routes, route -> false);
    }

    /**
     * Built once per server: the app registers {@link #matchingOrder()} with Javalin and every filter looks requests up
     * here. {@code frequent} routes (those called once per logged point) are tried first where that changes no match.
     */
    public RouteTemplates(List<Route> routes, Predicate<Route> frequent) {
        this.routes = List.copyOf(routes);
        this.matchingOrder = MatchingOrder.of(this.routes, frequent);
        var all = new HashMap<String, List<Template>>();
        for (var route : routes) {
            var method = route.method().name();
            var template = new Template(route, new PathParser(route.path(), JAVALIN_DEFAULTS));
            all.computeIfAbsent(method, m -> new ArrayList<>()).add(template);
            if (!template.path().getPathParamNames().isEmpty()) {
                templates.computeIfAbsent(method, m -> new ArrayList<>()).add(template);
            } else {
                // The first route so far that matches this path is the first of all (this one matches it), so a
                // lookup is a map hit or a scan of the parameterised routes only, with a full scan's answer.
                exact.computeIfAbsent(method, m -> new HashMap<>()).putIfAbsent(route.path(), first(all.get(method), route.path()));
            }
        }
    }

    /** The routes in table order: a request's route is the first of them that matches it. */
    public List<Route> routes() {
        return routes;
    }

    /** The routes as the app registers them with Javalin: each request reaches the route it reaches in {@link #routes()}. */
    public List<Route> matchingOrder() {
        return matchingOrder;
    }

    /** The route for this method and path (HEAD falls back to GET's), or null when none matches. */
    public Route find(String method, String path) {
        var template = template(method, path);
        return template == null ? null : template.route();
    }

    /**
     * The path parameters of the route this method and path reach, name → raw (still %-encoded) value in path order;
     * empty when no route matches. Javalin's matcher decodes the values, so '%' and '+' are escaped first to get them
     * back as sent (a malformed escape among them is what the caller looks for).
     */
    public Map<String, String> parameters(String method, String path) {
        var template = template(method, path);
        if (template == null) return Map.of();
        var values = template.path().extractPathParams(path.replace("%", "%25").replace("+", "%2B"));
        var parameters = new LinkedHashMap<String, String>();
        for (var name : template.path().getPathParamNames()) parameters.put(name, values.get(name));
        return parameters;
    }

    private Template template(String method, String path) {
        var found = lookup(method, path);
        return found == null && method.equals("HEAD") ? lookup("GET", path) : found;
    }

    private Template lookup(String method, String path) {
        var literal = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        var found = exact.getOrDefault(method, Map.of()).get(literal);
        return found != null ? found : first(templates.getOrDefault(method, List.of()), path);
    }

    private static Template first(List<Template> candidates, String path) {
        for (var template : candidates) {
            if (template.path().matches(path)) return template;
        }
        return null;
    }
}
