package dev.sextant.server.store;

import dev.sextant.server.store.sql.Database;
import dev.sextant.server.store.sql.SqlTrackingStore;
import dev.sextant.server.store.sqlite.SqliteDialect;
import java.nio.file.Path;

/** Picks the store implementation from the database setting's scheme. */
public final class StoreFactory {
    private StoreFactory() {}

    public static TrackingStore open(String database) {
        return new SqlTrackingStore(new Database(new SqliteDialect(sqlitePath(database))));
    }

    /** Where an SQLite setting points: a plain path, {@code sqlite:PATH} or {@code jdbc:sqlite:PATH}. */
    static Path sqlitePath(String database) {
        if (database.startsWith("postgresql:") || database.startsWith("postgres:") || database.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("PostgreSQL is not supported by this build yet: " + database);
        }
        String path = database;
        if (path.startsWith("jdbc:")) path = path.substring("jdbc:".length());
        if (path.startsWith("sqlite:")) path = path.substring("sqlite:".length());
        if (path.startsWith("//")) path = path.substring(2);
        return Path.of(path);
    }
}
