package dev.sextant.server.store.sql;

import java.sql.SQLException;
import javax.sql.DataSource;

/** What differs between the SQL databases we support: connection setup, migrations, write concurrency. */
public interface SqlDialect {
    /** A pooled data source with every per-connection setting applied. */
    DataSource openDataSource();

    /** Flyway location of this dialect's migrations, e.g. {@code classpath:db/migration/sqlite}. */
    String migrationLocation();

    /** True when the database allows one writer at a time, so writes are serialised in-process. */
    boolean singleWriter();

    /**
     * True when a write transaction failed only because a concurrent one touched the same rows
     * (unique key taken meanwhile, deadlock, serialization failure), so running it again from the
     * start gives the right answer: every write checks what exists before it inserts.
     */
    default boolean isWriteConflict(SQLException e) {
        return false;
    }

    /** True when the failure is a unique-key violation. */
    default boolean isUniqueViolation(SQLException e) {
        return false;
    }

    /**
     * Appended to a SELECT that checks a row a write depends on (an experiment is active), so that a concurrent
     * change of that row waits for this transaction, or this one for it. Empty where writes are serialised.
     */
    default String shareLock() {
        return "";
    }

    /**
     * Appended to the SELECT that reads the series a metric batch writes to, so that concurrent writers of one
     * series take turns from there on: the batch decides which envelope chunks to write from the summary it read.
     * Empty where writes are serialised.
     */
    default String updateLock() {
        return "";
    }

    /**
     * A statement run first in the read transaction of a run search, or null. A search reads one page of runs,
     * a few hundred index rows at most: starting parallel workers costs more than it saves.
     */
    default String beforeSearch() {
        return null;
    }

    /**
     * SQL for +∞ as a double, for sums that pass the largest double: SQLite reads an overflowing literal as
     * infinity, where PostgreSQL refuses both the literal and the overflowing sum.
     */
    default String positiveInfinity() {
        return "9e999";
    }

    /** How this database inserts a batch of points fastest while reporting which ones were new. */
    PointInserter pointInserter();

    /** Where the data lives, for the start-up banner (never contains a password). */
    String describe();
}
