package dev.sextant.server.search;

import java.util.List;

/** The right-hand side of a comparison; {@code position} is where it starts in the filter. */
sealed interface Value {
    int position();

    /** How an error message shows the value as written. */
    String shown();

    /** An unquoted number such as -1, 0.5 or 1e-3; {@code text} is kept to tell integers from reals. */
    record Number(String text, double value, int position) implements Value {
        @Override
        public String shown() {
            return Token.shorten(text);
        }

        /** True when written without a fraction or exponent, e.g. 1700000000000. */
        boolean isIntegerLiteral() {
            return text.chars().noneMatch(c -> c == '.' || c == 'e' || c == 'E');
        }
    }

    /** A quoted string; {@code value} has the quotes removed. */
    record Text(String value, int position) implements Value {
        @Override
        public String shown() {
            return "'" + Token.shorten(value) + "'";
        }
    }

    /** The parenthesised list after IN or NOT IN; never empty as written. */
    record TextList(List<String> values, int position) implements Value {
        public TextList {
            values = List.copyOf(values);
        }

        @Override
        public String shown() {
            return "a list of " + values.size() + " strings";
        }
    }
}
