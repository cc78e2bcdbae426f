package dev.sextant.server.search;

/**
 * The left-hand side of a comparison or an order_by element, before it is resolved against runs or
 * experiments: {@code entity} is the prefix as written (empty for a bare key), {@code key} the rest with
 * quotes removed ({@code tags.mlflow.runName} → tags / mlflow.runName), {@code text} the source text.
 */
record Identifier(String entity, String key, String text, int position) {
    /** A bare key such as {@code status} means {@code attributes.status}. */
    boolean isBare() {
        return entity.isEmpty();
    }

    /** Splits at the first dot, as MLflow does, so the key itself may contain dots. */
    static Identifier of(Token token) {
        var parts = token.parts();
        if (parts.size() == 1) return new Identifier("", parts.get(0), token.text(), token.position());
        var key = String.join(".", parts.subList(1, parts.size()));
        return new Identifier(parts.get(0), key, token.text(), token.position());
    }

    /** The identifier as an error message shows it. */
    String shown() {
        return "'" + Token.shorten(text) + "'";
    }
}
