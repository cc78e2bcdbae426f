package dev.sextant.server.auth;

import java.util.Locale;

/** What a token may do; each scope includes the ones before it: read ⊂ write ⊂ admin. */
public enum Scope {
    READ, WRITE, ADMIN;

    public boolean allows(Scope required) {
        return compareTo(required) >= 0;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "read", "write" or "admin"; anything else is rejected with a message naming the value. */
    public static Scope parse(String text) {
        for (var scope : values()) if (scope.label().equals(text)) return scope;
        throw new IllegalArgumentException("scope must be read, write or admin, got '" + text + "'");
    }
}
