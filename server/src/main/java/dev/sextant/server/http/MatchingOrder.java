package dev.sextant.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The order the app registers its routes with Javalin in. Javalin finds a request's route by trying the routes of its
 * method one by one in registration order (an equality test, then a regex each), so a route registered late costs every
 * request to it one regex per route before it: with both APIs' tables, MLflow's log-metric came after ~40 POST routes.
 * Frequent routes are moved forward, each only past routes no request path can match together with it, so every
 * request still reaches the route it reached in registration order (the first that matches it).
 */
final class MatchingOrder {
    private MatchingOrder() {}

    /**
     * {@code routes} with each {@code frequent} one (in their order) moved as far forward as it can go: to just after
     * the last route before it of the same method that may share a path with it.
     */
    static List<Route> of(List<Route> routes, Predicate<Route> frequent) {
        var order = new ArrayList<>(routes);
        int afterLastMoved = 0;
        for (var route : routes) {
            if (!frequent.test(route)) continue;
            int at = order.indexOf(route);
            int target = afterLastMoved;
            for (int i = at - 1; i >= afterLastMoved; i--) {
                var earlier = order.get(i);
                if (earlier.method() == route.method() && mayShareAPath(earlier.path(), route.path())) {
                    target = i + 1;
                    break;
                }
            }
            order.remove(at);
            order.add(target, route);
            afterLastMoved = target + 1;
        }
        return List.copyOf(order);
    }

    /**
     * False only when no path can match both templates: they differ in a literal segment at the same place before any
     * segment that may span several ({@code <param>}, {@code *}), or neither has such a segment and their segment counts
     * differ ({@code {param}} is exactly one non-empty segment; a trailing '/' is ignored by both).
     */
    static boolean mayShareAPath(String first, String second) {
        var a = segments(first);
        var b = segments(second);
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (spans(a[i]) || spans(b[i])) return true;
            if (literal(a[i]) && literal(b[i]) && !a[i].equals(b[i])) return false;
        }
        if (a.length == b.length) return true;
        var longer = a.length > b.length ? a : b;
        for (int i = Math.min(a.length, b.length); i < longer.length; i++) {
            if (spans(longer[i])) return true;
        }
        return false;
    }

    private static String[] segments(String path) {
        var trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) trimmed = trimmed.substring(0, trimmed.length() - 1);
        return trimmed.split("/", -1);
    }

    private static boolean spans(String segment) {
        return segment.contains("<") || segment.contains("*");
    }

    private static boolean literal(String segment) {
        return !segment.contains("{") && !spans(segment);
    }
}
