package dev.sextant.server.search;

import java.util.List;

/** A parsed filter: the syntax tree, not yet checked against the fields of runs or experiments. */
sealed interface Filter {
    /** {@code identifier op value}; {@code opPosition} locates the operator for error messages. */
    record Compare(Identifier identifier, Op op, int opPosition, Value value) implements Filter {}

    /** All terms must hold. The parser builds one flat And, never a nested chain, so depth stays 1. */
    record And(List<Filter> terms) implements Filter {
        public And {
            terms = List.copyOf(terms);
        }
    }
}
