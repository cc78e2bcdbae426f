package dev.sextant.server.search;

import dev.sextant.server.error.SextantException;
import java.util.List;

/** Parses one order_by element: {@code identifier [ASC|DESC]}, ascending by default, keywords in any case. */
final class OrderByParser {
    private OrderByParser() {}

    /** One parsed element, not yet resolved against a catalog. */
    record Term(Identifier identifier, boolean ascending) {}

    /** Parses {@code clause}; {@code context} ("order_by[2]") prefixes error messages. */
    static Term parse(String clause, String context) {
        List<Token> tokens = FilterLexer.tokenize(clause, context);
        var name = tokens.get(0);
        if (!name.isName()) throw expected(context, "an identifier such as metrics.loss", name);
        var identifier = Identifier.of(name);
        var next = tokens.get(1);
        boolean ascending = true;
        if (next.isKeyword("ASC") || next.isKeyword("DESC")) {
            ascending = next.isKeyword("ASC");
            next = tokens.get(2);
        }
        if (next.kind() != Token.Kind.END) {
            throw expected(context, "ASC, DESC or the end of the clause after " + identifier.shown(), next);
        }
        return new Term(identifier, ascending);
    }

    private static SextantException expected(String context, String what, Token got) {
        return SextantException.invalid(context + ": expected " + what + " at position " + got.position()
                + ", got " + got.shown());
    }
}
