package dev.sextant.server.store;

/**
 * Offline work on the stored points of a database, for the command line: measuring what they cost on disk.
 * One instance owns its connections until closed.
 */
public interface PointMaintenance extends AutoCloseable {

    /** Points and bytes per experiment; one read transaction. */
    PointStorage measureStorage();

    @Override
    void close();
}
