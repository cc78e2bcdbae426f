package dev.sextant.server.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/** Reads the secret out of an Authorization header: "Bearer TOKEN", or Basic with the token as password. */
public final class Credentials {
    private Credentials() {}

    /** The token, or null when the header is absent or not one of the two forms. */
    public static String fromAuthorization(String header) {
        if (header == null) return null;
        var value = header.strip();
        int space = value.indexOf(' ');
        if (space < 0) return null;
        var scheme = value.substring(0, space).toLowerCase(Locale.ROOT);
        var rest = value.substring(space + 1).strip();
        if (scheme.equals("bearer")) return rest.isEmpty() ? null : rest;
        if (!scheme.equals("basic")) return null;
        try {
            var decoded = new String(Base64.getDecoder().decode(rest), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            // Any user name: MLflow clients send MLFLOW_TRACKING_USERNAME, which we do not check.
            return colon < 0 || colon == decoded.length() - 1 ? null : decoded.substring(colon + 1);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
