package dev.sextant.server.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds the route a method and path reach, as Javalin matches them: first match in registration order,
 * {@code {param}} is one path segment, {@code <param>} may span several, a trailing '/' is ignored and a HEAD with no
 * HEAD route is a GET. The body limit and access filters run before Javalin routes a request and look its route up
 * here; the request log names the route of a request that never reached its handler (refused by access control, a
 * body limit or a shutdown), so its metrics and access log say the route rather than "unmatched".
 */
public final class RouteTemplates {
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]*)}|<([^>]*)>");

    private record Template(Route route, Pattern pattern) {}

    /** Per method: paths without parameters, each to the first template that matches it (its own, unless shadowed). */
    private final Map<String, Map<String, Template>> exact = new HashMap<>();
    /** Per method: routes with parameters, in registration order. */
    private final Map<String, List<Template>> templates = new HashMap<>();
    private final List<Route> routes;

    /** Built once per server: the app registers {@link #routes()} and every filter looks requests up here. */
    public RouteTemplates(List<Route> routes) {
        this.routes = List.copyOf(routes);
        var all = new HashMap<String, List<Template>>();
        for (var route : routes) {
            var method = route.method().name();
            var template = new Template(route, pattern(route.path()));
            all.computeIfAbsent(method, m -> new ArrayList<>()).add(template);
            if (hasParameters(route.path())) {
                templates.computeIfAbsent(method, m -> new ArrayList<>()).add(template);
            } else {
                // The first route so far that matches this path is the first of all (this one matches it), so a
                // lookup is a map hit or a scan of the parameterised routes only, with a full scan's answer.
                exact.computeIfAbsent(method, m -> new HashMap<>()).putIfAbsent(route.path(), first(all.get(method), route.path()));
            }
        }
    }

    /** The routes, in registration order (Javalin's matching order). */
    public List<Route> routes() {
        return routes;
    }

    private static boolean hasParameters(String path) {
        return path.indexOf('{') >= 0 || path.indexOf('<') >= 0;
    }

    private static Pattern pattern(String path) {
        var regex = new StringBuilder();
        var parts = PARAMETER.matcher(path);
        int literalStart = 0;
        while (parts.find()) {
            regex.append(Pattern.quote(path.substring(literalStart, parts.start())));
            regex.append(parts.group(1) != null ? "([^/]+)" : "(.+)");
            literalStart = parts.end();
        }
        regex.append(Pattern.quote(path.substring(literalStart)));
        return Pattern.compile(regex.toString());
    }

    /** The route for this method and path (HEAD falls back to GET's), or null when none matches. */
    public Route find(String method, String path) {
        var template = template(method, path);
        return template == null ? null : template.route();
    }

    /**
     * The path parameters of the route this method and path reach, name → raw (still %-encoded) value in path order;
     * empty when no route matches.
     */
    public Map<String, String> parameters(String method, String path) {
        var template = template(method, path);
        var values = template == null ? null : template.pattern().matcher(trimmed(path));
        if (values == null || !values.matches()) return Map.of();
        var parameters = new LinkedHashMap<String, String>();
        var names = PARAMETER.matcher(template.route().path());
        for (int group = 1; names.find(); group++) {
            parameters.put(names.group(1) != null ? names.group(1) : names.group(2), values.group(group));
        }
        return parameters;
    }

    private static String trimmed(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private Template template(String method, String path) {
        var trimmed = trimmed(path);
        var found = lookup(method, trimmed);
        return found == null && method.equals("HEAD") ? lookup("GET", trimmed) : found;
    }

    private Template lookup(String method, String path) {
        var literal = exact.getOrDefault(method, Map.of()).get(path);
        return literal != null ? literal : first(templates.getOrDefault(method, List.of()), path);
    }

    private static Template first(List<Template> candidates, String path) {
        for (var template : candidates) {
            if (template.pattern().matcher(path).matches()) return template;
        }
        return null;
    }
}
