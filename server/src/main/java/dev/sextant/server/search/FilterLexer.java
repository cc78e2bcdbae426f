package dev.sextant.server.search;

import dev.sextant.server.error.SextantException;
import dev.sextant.server.search.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits filter or order_by text into tokens in one left-to-right pass, so the work is linear in the
 * input however long it is. Quotes: 'string', "string or key", `key`; a doubled quote inside is kept as
 * written ('it''s' is it''s), as MLflow keeps it. An identifier is a dotted path whose segments are bare words or quoted keys.
 */
final class FilterLexer {
    private static final String OPERATOR_CHARS = "=!<>";

    private final String source;
    private final String context;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private FilterLexer(String source, String context) {
        this.source = source;
        this.context = context;
    }

    /** The tokens of {@code source}, always ending with an END token; {@code context} prefixes errors. */
    static List<Token> tokenize(String source, String context) {
        var lexer = new FilterLexer(source, context);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (true) {
            while (pos < source.length() && Character.isWhitespace(source.charAt(pos))) pos++;
            if (pos >= source.length()) {
                tokens.add(Token.of(Kind.END, "", pos));
                return;
            }
            tokens.add(next(source.charAt(pos)));
        }
    }

    private Token next(char c) {
        int start = pos;
        if (c == '(' || c == ')' || c == ',') {
            pos++;
            var kind = c == '(' ? Kind.LEFT_PAREN : c == ')' ? Kind.RIGHT_PAREN : Kind.COMMA;
            return Token.of(kind, String.valueOf(c), start);
        }
        if (c == '\'' || c == '"') {
            var value = quoted(c);
            return new Token(Kind.STRING, source.substring(start, pos), start, List.of(value));
        }
        if (startsNumber()) return number();
        if (c == '`' || isWordStart(c)) return identifier();
        if (OPERATOR_CHARS.indexOf(c) >= 0) {
            while (pos < source.length() && OPERATOR_CHARS.indexOf(source.charAt(pos)) >= 0) pos++;
            return Token.of(Kind.OPERATOR, source.substring(start, pos), start);
        }
        throw error("unexpected character '" + c + "' at position " + start
                + " (quote keys containing special characters with backticks, e.g. metrics.`val-loss`)");
    }

    private Token identifier() {
        int start = pos;
        var parts = new ArrayList<String>();
        parts.add(segment(false));
        while (pos < source.length() && source.charAt(pos) == '.') {
            pos++;
            parts.add(segment(true));
        }
        return new Token(Kind.IDENTIFIER, source.substring(start, pos), start, parts);
    }

    /** One segment of a dotted identifier: a bare word, a `backticked` key or, after a dot, a "quoted" key. */
    private String segment(boolean afterDot) {
        char c = pos < source.length() ? source.charAt(pos) : '\0';
        if (c == '`' || (c == '"' && afterDot)) return quoted(c);
        int start = pos;
        while (pos < source.length() && isWordPart(source.charAt(pos))) pos++;
        if (pos == start) {
            var got = pos < source.length() ? "'" + c + "'" : "end of input";
            throw error("expected a key after '.' at position " + pos + ", got " + got);
        }
        return source.substring(start, pos);
    }

    /**
     * Reads a quoted run starting at pos and returns its content. A doubled quote inside is kept as written, as
     * MLflow keeps it (it strips only the outer quotes), so 'it''s' matches the text it''s, not it's.
     */
    private String quoted(char quote) {
        int start = pos;
        var content = new StringBuilder();
        pos++;
        while (true) {
            int end = source.indexOf(quote, pos);
            if (end < 0) throw error("unterminated " + quote + "-quoted text starting at position " + start);
            content.append(source, pos, end);
            pos = end + 1;
            if (pos < source.length() && source.charAt(pos) == quote) {
                content.append(quote).append(quote);
                pos++;
            } else {
                return content.toString();
            }
        }
    }

    private boolean startsNumber() {
        int at = pos;
        if (source.charAt(at) == '-' || source.charAt(at) == '+') at++;
        if (at < source.length() && source.charAt(at) == '.') at++;
        return at < source.length() && isDigit(source.charAt(at));
    }

    /** [+-] digits [. digits] [e [+-] digits], or the same starting at the dot (.5). */
    private Token number() {
        int start = pos;
        if (source.charAt(pos) == '-' || source.charAt(pos) == '+') pos++;
        skipDigits();
        if (pos < source.length() && source.charAt(pos) == '.') {
            pos++;
            skipDigits();
        }
        if (pos < source.length() && (source.charAt(pos) == 'e' || source.charAt(pos) == 'E')) {
            pos++;
            if (pos < source.length() && (source.charAt(pos) == '-' || source.charAt(pos) == '+')) pos++;
            int exponent = pos;
            skipDigits();
            if (pos == exponent) throw malformedNumber(start);
        }
        if (pos < source.length() && (isWordPart(source.charAt(pos)) || source.charAt(pos) == '.')) {
            throw malformedNumber(start);
        }
        return Token.of(Kind.NUMBER, source.substring(start, pos), start);
    }

    private SextantException malformedNumber(int start) {
        int end = pos;
        while (end < source.length() && (isWordPart(source.charAt(end)) || source.charAt(end) == '.')) end++;
        var text = Token.shorten(source.substring(start, end));
        return error("malformed number '" + text + "' at position " + start);
    }

    private void skipDigits() {
        while (pos < source.length() && isDigit(source.charAt(pos))) pos++;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private SextantException error(String message) {
        return SextantException.invalid(context + ": " + message);
    }
}
