package dev.sextant.server.search;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** A comparison operator: how the filter spells it and the standard SQL operator it becomes. */
enum Op {
    EQ("=", "="),
    NE("!=", "<>"),
    LT("<", "<"),
    LE("<=", "<="),
    GT(">", ">"),
    GE(">=", ">="),
    LIKE("LIKE", "LIKE"),
    ILIKE("ILIKE", "LIKE"),
    IN("IN", "IN"),
    NOT_IN("NOT IN", "NOT IN");

    /** Metrics and numeric attributes. */
    static final Set<Op> NUMERIC = EnumSet.of(EQ, NE, LT, LE, GT, GE);
    /** Params, tags and string attributes. */
    static final Set<Op> TEXT = EnumSet.of(EQ, NE, LIKE, ILIKE);
    /** String attributes that also accept a list (MLflow: only run_id). */
    static final Set<Op> TEXT_OR_LIST = EnumSet.of(EQ, NE, LIKE, ILIKE, IN, NOT_IN);

    final String symbol;
    final String sql;

    Op(String symbol, String sql) {
        this.symbol = symbol;
        this.sql = sql;
    }

    /** The symbolic operator written as {@code symbol} (=, !=, <, <=, >, >=); keywords are parsed apart. */
    static Optional<Op> ofSymbol(String symbol) {
        // The symbolic operators are exactly the numeric ones.
        return NUMERIC.stream().filter(op -> op.symbol.equals(symbol)).findFirst();
    }

    boolean takesList() {
        return this == IN || this == NOT_IN;
    }

    /** "=, !=, LIKE, ILIKE": the operators of a set as an error message lists them. */
    static String list(Set<Op> ops) {
        return ops.stream().map(op -> op.symbol).collect(Collectors.joining(", "));
    }
}
