package dev.sextant.server.search;

import dev.sextant.server.error.SextantException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One lexical token of a filter or order_by clause. {@code position} is the 0-based offset of its first
 * character in the input; {@code parts} holds the unquoted segments of an identifier
 * ({@code metrics.`a/b`} → [metrics, a/b]) or the unquoted content of a string, and is empty otherwise.
 */
record Token(Kind kind, String text, int position, List<String> parts) {
    /** Longest token text quoted in an error message, so a 100 KB literal cannot flood the response. */
    private static final int SHOWN_LENGTH = 40;
    /** Reserved words; none of them may be used unquoted as a key. */
    private static final Set<String> KEYWORDS =
            Set.of("AND", "OR", "NOT", "IN", "LIKE", "ILIKE", "IS", "NULL", "ASC", "DESC");

    enum Kind { IDENTIFIER, STRING, NUMBER, OPERATOR, LEFT_PAREN, RIGHT_PAREN, COMMA, END }

    Token {
        parts = List.copyOf(parts);
    }

    static Token of(Kind kind, String text, int position) {
        return new Token(kind, text, position, List.of());
    }

    /** True for a bare word spelled like the keyword in any case; a backticked `and` is a name, not AND. */
    boolean isKeyword(String keyword) {
        return kind == Kind.IDENTIFIER && text.equalsIgnoreCase(keyword);
    }

    /** A name usable on the left of a comparison: an identifier that is no keyword, or a "double-quoted" key. */
    boolean isName() {
        if (kind == Kind.STRING) return text.startsWith("\"");
        return kind == Kind.IDENTIFIER && !KEYWORDS.contains(text.toUpperCase(Locale.ROOT));
    }

    /** The unquoted content of a STRING token. */
    String stringValue() {
        return parts.get(0);
    }

    /** The token as an error message shows it: quoted and shortened, or "end of input". */
    String shown() {
        if (kind == Kind.END) return "end of input";
        return "'" + shorten(text) + "'";
    }

    static String shorten(String text) {
        return SextantException.abbreviate(text, SHOWN_LENGTH);
    }
}
