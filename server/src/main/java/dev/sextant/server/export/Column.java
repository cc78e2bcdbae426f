package dev.sextant.server.export;

/** One column of an exported table; every column may hold nulls. */
public record Column(String name, Type type) {
    public enum Type { STRING, INT64, DOUBLE, TIMESTAMP_MS }
}
