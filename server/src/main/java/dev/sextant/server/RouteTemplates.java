package dev.sextant.server;

import dev.sextant.server.api.ApiRoutes;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds the route template of a request that never reached its handler (refused by access control, a body limit
 * or a shutdown), so its metrics and access log name the route rather than "unmatched". First match in
 * registration order, as Javalin matches: {@code {param}} is one path segment, {@code <param>} may span several.
 */
final class RouteTemplates {
    private record Template(String method, String path, Pattern pattern) {}

    private final List<Template> templates;

    RouteTemplates(List<ApiRoutes.Route> routes) {
        this.templates = routes.stream()
                .map(route -> new Template(route.method().name(), route.path(), pattern(route.path())))
                .toList();
    }

    private static Pattern pattern(String path) {
        var regex = new StringBuilder();
        var parts = Pattern.compile("\\{[^}]*}|<[^>]*>").matcher(path);
        int literalStart = 0;
        while (parts.find()) {
            regex.append(Pattern.quote(path.substring(literalStart, parts.start())));
            regex.append(parts.group().startsWith("{") ? "[^/]+" : ".+");
            literalStart = parts.end();
        }
        regex.append(Pattern.quote(path.substring(literalStart)));
        return Pattern.compile(regex.toString());
    }

    /** The template for this method and path (HEAD falls back to GET's), or null when no route matches. */
    String match(String method, String path) {
        var trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        var found = find(method, trimmed);
        return found == null && method.equals("HEAD") ? find("GET", trimmed) : found;
    }

    private String find(String method, String path) {
        for (var template : templates) {
            if (template.method().equals(method) && template.pattern().matcher(path).matches()) return template.path();
        }
        return null;
    }
}
