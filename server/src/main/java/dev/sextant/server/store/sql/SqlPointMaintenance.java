package dev.sextant.server.store.sql;

import dev.sextant.server.store.CompactionEstimate;
import dev.sextant.server.store.PointMaintenance;
import dev.sextant.server.store.PointStorage;
import dev.sextant.server.store.UnsealedSeries;
import java.util.List;

/** {@link PointMaintenance} on an SQL database; closing it closes the database. */
public final class SqlPointMaintenance implements PointMaintenance {
    private final Database database;

    public SqlPointMaintenance(Database database) {
        this.database = database;
    }

    @Override
    public PointStorage measureStorage() {
        return database.readSnapshot(PointStorageSql::measure);
    }

    @Override
    public List<UnsealedSeries> listUnsealedSeries() {
        return database.read(PointCompactionSql::listUnsealed);
    }

    @Override
    public CompactionEstimate estimateSealing(List<UnsealedSeries> series) {
        return database.readSnapshot(handle -> PointCompactionSql.estimate(handle, series));
    }

    @Override
    public long sealSeries(long seriesId) {
        return database.write(handle -> PointCompactionSql.sealSeries(handle, seriesId, database.dialect()));
    }

    @Override
    public void close() {
        database.close();
    }
}
