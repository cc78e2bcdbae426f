package dev.sextant.server.store;

import dev.sextant.server.store.postgres.PostgresDialect;
import dev.sextant.server.store.postgres.PostgresUrl;
import dev.sextant.server.store.sql.Database;
import dev.sextant.server.store.sql.SqlDialect;
import dev.sextant.server.store.sql.SqlLoggedModelStore;
import dev.sextant.server.store.sql.SqlPointMaintenance;
import dev.sextant.server.store.sql.SqlRegistryStore;
import dev.sextant.server.store.sql.SqlSweepStore;
import dev.sextant.server.store.sql.SqlTrackingStore;
import dev.sextant.server.store.sql.SqlViewStore;
import dev.sextant.server.store.sqlite.SqliteDialect;
import java.nio.file.Path;

/** Picks the store implementation from the database setting's scheme. */
public final class StoreFactory {
    private StoreFactory() {}

    public static TrackingStore open(String database) {
        return open(database, SearchPlan.DEFAULT);
    }

    /** A tracking store whose run searches read runs as {@code plan} says: for tests that compare plans. */
    public static TrackingStore open(String database, SearchPlan plan) {
        return new SqlTrackingStore(new Database(dialect(database)), plan);
    }

    /** Offline work on the points of a database (stats, compaction), for the command line. */
    public static PointMaintenance openPointMaintenance(String database) {
        return new SqlPointMaintenance(new Database(dialect(database)));
    }

    /** Every store over one database (closing the tracking store closes it). */
    public static Stores openStores(String database) {
        return openStores(database, WriteObserver.NONE);
    }

    /** As {@link #openStores(String)}, telling {@code observer} of every committed write transaction. */
    public static Stores openStores(String database, WriteObserver observer) {
        var shared = new Database(dialect(database), observer);
        return new Stores(new SqlTrackingStore(shared), new SqlSweepStore(shared), new SqlLoggedModelStore(shared),
                new SqlRegistryStore(shared), new SqlViewStore(shared), shared);
    }

    /** The stores over one database, and that database's live figures and readiness check. */
    public record Stores(TrackingStore tracking, SweepStore sweeps, LoggedModelStore loggedModels, RegistryStore registry,
                         ViewStore views, DatabaseStatus status) {}

    /** Where the data lives, safe to print: a PostgreSQL password is masked. */
    public static String describe(String database) {
        return dialect(database).describe();
    }

    static SqlDialect dialect(String database) {
        if (PostgresUrl.matches(database)) return new PostgresDialect(PostgresUrl.parse(database));
        return new SqliteDialect(sqlitePath(database));
    }

    /** True when the database setting names PostgreSQL rather than an SQLite file. */
    public static boolean isPostgres(String database) {
        return PostgresUrl.matches(database);
    }

    /** Where an SQLite setting points: a plain path, {@code sqlite:PATH} or {@code jdbc:sqlite:PATH}. */
    public static Path sqlitePath(String database) {
        String path = database;
        if (path.startsWith("jdbc:")) path = path.substring("jdbc:".length());
        if (path.startsWith("sqlite:")) path = path.substring("sqlite:".length());
        if (path.startsWith("//")) path = path.substring(2);
        return Path.of(path);
    }
}
