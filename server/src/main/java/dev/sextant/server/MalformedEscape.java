package dev.sextant.server;

import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.http.RouteTemplates;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A path whose %-escape is not two hex digits ({@code %u0041}, the old IIS form, or a lone {@code %}) gets past Jetty
 * and fails when Javalin decodes a path parameter. This names that parameter for the 400.
 */
final class MalformedEscape {
    private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

    private MalformedEscape() {}

    /** The 400 for an {@link IllegalArgumentException} thrown while decoding a path parameter, or null for any other one. */
    static SextantException of(Throwable e, RouteTemplates routes, String method, String rawPath) {
        if (!(e instanceof IllegalArgumentException) || e.getMessage() == null || !e.getMessage().startsWith("URLDecoder:")) {
            return null;
        }
        var name = routes.parameters(method, rawPath).entrySet().stream()
                .filter(parameter -> BAD_ESCAPE.matcher(parameter.getValue()).find())
                .map(Map.Entry::getKey).findFirst().orElse(null);
        return new SextantException(ErrorCode.INVALID_PARAMETER_VALUE, (name == null ? "the path" : "path parameter '" + name + "'")
                + " has a malformed %-escape: each % must be followed by two hex digits (%uXXXX is not URL encoding)");
    }
}
