package dev.sextant.server.search;

import java.util.List;

/** A SQL fragment with '?' placeholders and the values to bind to them, in order. */
public record SqlCondition(String sql, List<Object> bindings) {
    public SqlCondition {
        bindings = List.copyOf(bindings);
    }
}
