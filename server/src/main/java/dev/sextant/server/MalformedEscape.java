package dev.sextant.server;

import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;
import java.util.ArrayList;
import java.util.regex.Pattern;

/**
 * A path whose %-escape is not two hex digits ({@code %u0041}, the old IIS form, or a lone {@code %}) gets past Jetty
 * and fails when Javalin decodes a path parameter. This names that parameter for the 400.
 */
final class MalformedEscape {
    private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");
    private static final Pattern PARAM = Pattern.compile("\\{([^}]*)}|<([^>]*)>");

    private MalformedEscape() {}

    /** The 400 for an {@link IllegalArgumentException} thrown while decoding a path parameter, or null for any other one. */
    static SextantException of(Throwable e, java.util.List<String> templates, String rawPath) {
        if (!(e instanceof IllegalArgumentException) || e.getMessage() == null || !e.getMessage().startsWith("URLDecoder:")) {
            return null;
        }
        String name = null;
        for (var template : templates) {
            name = parameter(template, rawPath);
            if (name != null) break;
        }
        return new SextantException(ErrorCode.INVALID_PARAMETER_VALUE, (name == null ? "the path" : "path parameter '" + name + "'")
                + " has a malformed %-escape: each % must be followed by two hex digits (%uXXXX is not URL encoding)");
    }

    /** The template's parameter (null unless the path matches it) whose raw value holds the bad escape, or null when the template does not tell. */
    static String parameter(String template, String rawPath) {
        if (template == null || rawPath == null) return null;
        var regex = new StringBuilder();
        var names = new ArrayList<String>();
        var parts = PARAM.matcher(template);
        int literalStart = 0;
        while (parts.find()) {
            regex.append(Pattern.quote(template.substring(literalStart, parts.start())));
            regex.append(parts.group(1) != null ? "([^/]+)" : "(.+)");
            names.add(parts.group(1) != null ? parts.group(1) : parts.group(2));
            literalStart = parts.end();
        }
        regex.append(Pattern.quote(template.substring(literalStart))).append("/?");
        var matcher = Pattern.compile(regex.toString()).matcher(rawPath);
        if (!matcher.matches()) return null;
        for (int i = 0; i < names.size(); i++) {
            if (BAD_ESCAPE.matcher(matcher.group(i + 1)).find()) return names.get(i);
        }
        return null;
    }
}
