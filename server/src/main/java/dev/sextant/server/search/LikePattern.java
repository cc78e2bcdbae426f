package dev.sextant.server.search;

import dev.sextant.server.error.SextantException;

/**
 * What a LIKE / ILIKE pattern may cost, checked before the database sees it. SQLite matches a pattern by
 * recursing once per '%' on the native stack: about 10,000 of them against a long value overflow the thread's
 * stack and kill the process (SIGSEGV), and SQLite refuses patterns over 50,000 bytes with an error. Both bounds
 * here are far above any useful pattern (a value is at most max-value-length characters) and far below either edge.
 */
final class LikePattern {
    /** Characters in one pattern; at most 4 UTF-8 bytes each, so always under SQLite's 50,000-byte limit. */
    static final int MAX_LENGTH = 10_000;
    /** '%' wildcards in one pattern (each one is a level of SQLite's recursion; '_' costs none). */
    static final int MAX_WILDCARDS = 100;

    private LikePattern() {}

    static void check(String pattern, int position, String context) {
        if (pattern.length() > MAX_LENGTH) {
            throw SextantException.invalid(context + ": the LIKE pattern at position " + position + " is " + pattern.length()
                    + " characters long, over the limit of " + MAX_LENGTH);
        }
        long wildcards = pattern.chars().filter(c -> c == '%').count();
        if (wildcards > MAX_WILDCARDS) {
            throw SextantException.invalid(context + ": the LIKE pattern at position " + position + " has " + wildcards
                    + " '%' wildcards, over the limit of " + MAX_WILDCARDS);
        }
    }
}
