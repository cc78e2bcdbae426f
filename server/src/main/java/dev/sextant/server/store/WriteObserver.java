package dev.sextant.server.store;

/**
 * Told about the database's write transactions, for monitoring. Called on the thread that wrote, so an
 * implementation must be cheap, thread-safe and must never throw.
 */
public interface WriteObserver {
    /** Observes nothing. */
    WriteObserver NONE = (writes, nanos) -> { };

    /**
     * A write transaction committed {@code nanos} after it began; it carried {@code writes} writes: more than one
     * when the single writer grouped queued writes into one commit, else 1.
     */
    void committed(int writes, long nanos);

    /** A write lost a race to a concurrent one on a many-writer database and is run again. */
    default void retried() { }
}
