package dev.sextant.server.store.sql;

import dev.sextant.server.store.PointMaintenance;
import dev.sextant.server.store.PointStorage;

/** {@link PointMaintenance} on an SQL database; closing it closes the database. */
public final class SqlPointMaintenance implements PointMaintenance {
    private final Database database;

    public SqlPointMaintenance(Database database) {
        this.database = database;
    }

    @Override
    public PointStorage measureStorage() {
        return database.readSnapshot(handle -> PointStorageSql.measure(handle));
    }

    @Override
    public void close() {
        database.close();
    }
}
