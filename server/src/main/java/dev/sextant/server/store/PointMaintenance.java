package dev.sextant.server.store;

import java.util.List;

/**
 * Offline work on the stored points of a database, for the command line: measuring what they cost on disk, and
 * sealing the raw points of runs that are not RUNNING into blocks (ADR 0013). One instance owns its connections until
 * closed; safe beside a running server.
 */
public interface PointMaintenance extends AutoCloseable {

    /** Points and bytes per experiment; one read transaction. */
    PointStorage measureStorage();

    /** The series of runs that are not RUNNING still as written before sealed blocks, in the order {@link #sealSeries} takes them. */
    List<UnsealedSeries> listUnsealedSeries();

    /** Estimates the point tables' bytes once {@code series} are sealed, writing nothing; one read transaction. */
    CompactionEstimate estimateSealing(List<UnsealedSeries> series);

    /**
     * Seals every chunk of the series that holds raw rows and drops its envelope rows finer than new series keep, in
     * one transaction, so an interrupted compaction leaves each series either as it was or done; returns the raw rows
     * moved into blocks. A series whose run is RUNNING (again) is left alone (0).
     */
    long sealSeries(long seriesId);

    @Override
    void close();
}
