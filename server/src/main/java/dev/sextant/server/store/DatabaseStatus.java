package dev.sextant.server.store;

/** Live figures and the readiness check of the database behind the stores. Safe to call from any thread. */
public interface DatabaseStatus {
    /** Writes waiting for the single writer; always 0 on a many-writer database. */
    int queuedWrites();

    /** The connection pool as it is now. */
    PoolUse pool();

    /**
     * Returns when the database answers a query and the newest migration this server ships is applied; throws
     * otherwise. It may block as long as the pool waits for a connection: callers bound it themselves.
     */
    void checkReady();

    /** Connections in use, idle, callers waiting for one, and the pool's size limit. */
    record PoolUse(int active, int idle, int waiting, int max) {}
}
