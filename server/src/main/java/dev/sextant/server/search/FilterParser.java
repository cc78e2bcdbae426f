package dev.sextant.server.search;

import dev.sextant.server.error.SextantException;
import dev.sextant.server.search.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses MLflow's filter grammar: {@code comparison (AND comparison)*}, where a comparison is
 * {@code identifier op value} and op is one of = != < <= > >= LIKE ILIKE IN NOT IN (keywords in any case).
 * It checks syntax only; which operator suits which field is checked when the tree meets a catalog.
 * It loops rather than recurses, so a 100 KB filter cannot overflow the stack.
 */
final class FilterParser {
    private static final String CONTEXT = "filter";

    private final List<Token> tokens;
    private int index;

    private FilterParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** The filter's tree; throws INVALID_PARAMETER_VALUE naming the offending token and its position. */
    static Filter parse(String filter) {
        return new FilterParser(FilterLexer.tokenize(filter, CONTEXT)).filter();
    }

    private Filter filter() {
        var terms = new ArrayList<Filter>();
        while (true) {
            terms.add(comparison());
            var next = advance();
            if (next.kind() == Kind.END) return new Filter.And(terms);
            if (next.isKeyword("OR")) {
                throw error("OR is not supported, only AND may join comparisons; found 'OR' at position "
                        + next.position());
            }
            if (!next.isKeyword("AND")) throw expected("AND or the end of the filter", next);
        }
    }

    private Filter.Compare comparison() {
        var first = advance();
        if (first.kind() == Kind.LEFT_PAREN) {
            throw error("parentheses around comparisons are not supported; found '(' at position " + first.position());
        }
        if (first.isKeyword("NOT")) {
            throw error("NOT is only supported as NOT IN; found 'NOT' at position " + first.position());
        }
        if (!first.isName()) throw expected("an identifier such as metrics.loss", first);
        var identifier = Identifier.of(first);
        var opToken = advance();
        var op = operator(identifier, opToken);
        var value = op.takesList() ? list(op) : value(op);
        return new Filter.Compare(identifier, op, opToken.position(), value);
    }

    private Op operator(Identifier identifier, Token token) {
        if (token.kind() == Kind.OPERATOR) {
            return Op.ofSymbol(token.text()).orElseThrow(() -> error("unknown operator " + token.shown() + " at position "
                    + token.position() + "; use one of =, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN"));
        }
        if (token.isKeyword("LIKE")) return Op.LIKE;
        if (token.isKeyword("ILIKE")) return Op.ILIKE;
        if (token.isKeyword("IN")) return Op.IN;
        if (token.isKeyword("NOT")) {
            var in = advance();
            if (!in.isKeyword("IN")) throw expected("IN after NOT", in);
            return Op.NOT_IN;
        }
        throw expected("a comparison operator after " + identifier.shown(), token);
    }

    private Value value(Op op) {
        var token = advance();
        return switch (token.kind()) {
            case NUMBER -> new Value.Number(token.text(), Double.parseDouble(token.text()), token.position());
            case STRING -> new Value.Text(token.stringValue(), token.position());
            default -> throw expected("a number or a quoted string after '" + op.symbol + "'", token);
        };
    }

    /** {@code ( 'a' , 'b' ... )}: a non-empty list of quoted strings. */
    private Value list(Op op) {
        var open = advance();
        if (open.kind() != Kind.LEFT_PAREN) throw expected("'(' after " + op.symbol, open);
        var values = new ArrayList<String>();
        while (true) {
            var item = advance();
            if (item.kind() != Kind.STRING) throw expected("a quoted string in the " + op.symbol + " list", item);
            values.add(item.stringValue());
            var separator = advance();
            if (separator.kind() == Kind.RIGHT_PAREN) return new Value.TextList(values, open.position());
            if (separator.kind() != Kind.COMMA) throw expected("',' or ')' in the " + op.symbol + " list", separator);
        }
    }

    /** The next token; END repeats forever, so lookahead past the end is safe. */
    private Token advance() {
        var token = tokens.get(index);
        if (token.kind() != Kind.END) index++;
        return token;
    }

    private SextantException expected(String what, Token got) {
        return error("expected " + what + " at position " + got.position() + ", got " + got.shown());
    }

    private static SextantException error(String message) {
        return SextantException.invalid(CONTEXT + ": " + message);
    }
}
