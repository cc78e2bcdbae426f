package dev.sextant.server.auth;

import java.util.Objects;
import java.util.regex.Pattern;

/** One line of the tokens file: a name, a scope and the salted hash of the token (never the token). */
public record TokenEntry(String name, Scope scope, TokenHash hash) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    public TokenEntry {
        checkName(name);
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(hash, "hash");
    }

    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("token name must be 1 to 64 of A-Z a-z 0-9 . _ @ -, got '" + name + "'");
        }
    }
}
