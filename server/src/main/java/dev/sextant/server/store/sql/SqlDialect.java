package dev.sextant.server.store.sql;

import javax.sql.DataSource;

/** What differs between the SQL databases we support: connection setup, migrations, write concurrency. */
public interface SqlDialect {
    /** A pooled data source with every per-connection setting applied. */
    DataSource openDataSource();

    /** Flyway location of this dialect's migrations, e.g. {@code classpath:db/migration/sqlite}. */
    String migrationLocation();

    /** True when the database allows one writer at a time, so writes are serialised in-process. */
    boolean singleWriter();

    /** Where the data lives, for the start-up banner (never contains a password). */
    String describe();
}
