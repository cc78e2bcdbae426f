package dev.sextant.server.store.sql;

import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Writes of one kind that the single writer may run together, as one batch, when several of them queue up in one
 * group (ADR 0011): one statement for all of them is cheaper than a savepoint and a statement set each.
 *
 * @param <I> what one write carries
 * @param <T> what one write returns
 */
interface CoalescedWrites<I, T> {
    /** One write's answer: its result, or the exception it alone met, in which case nothing of it was written. */
    record Outcome<T>(T value, RuntimeException failure) {
        static <T> Outcome<T> of(T value) {
            return new Outcome<>(value, null);
        }

        static <T> Outcome<T> failed(RuntimeException failure) {
            return new Outcome<>(null, failure);
        }
    }

    /**
     * Runs every item in the caller's transaction; returns each item's outcome by index. Throws when the batch failed
     * as a whole: the writer then rolls it back and runs each item's own write alone, in its own savepoint.
     */
    List<Outcome<T>> runAll(Handle handle, List<I> items);
}
