package dev.sextant.server.search;

/**
 * A term of a run filter that every match must satisfy: param {@code key} equals {@code value}. The params index
 * (params_by_value) answers it when both are at most {@link #INDEXED_LENGTH} characters, its partial predicate.
 */
public record ParamEquals(String key, String value) implements IndexTerm {
    /** The longest key and value, in characters, that params_by_value holds (migration 12). */
    public static final int INDEXED_LENGTH = 250;

    public ParamEquals {
        if (key.length() > INDEXED_LENGTH || value.length() > INDEXED_LENGTH) {
            throw new IllegalArgumentException("params_by_value holds keys and values of at most 250 characters");
        }
    }
}
