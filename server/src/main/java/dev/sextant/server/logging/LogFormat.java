package dev.sextant.server.logging;

import java.util.Locale;

/** How log lines are written: readable text, or one JSON object per line for log shippers. */
public enum LogFormat {
    TEXT, JSON;

    /** "text" or "json"; anything else is rejected with a message naming the value. */
    public static LogFormat parse(String text) {
        for (var format : values()) if (format.name().equalsIgnoreCase(text.strip())) return format;
        throw new IllegalArgumentException("log format must be text or json, got '" + text + "'");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
