package dev.sextant.server.store.sql;

import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * The connection pool, migrations and the two ways in: {@link #read} and {@link #write}, each one
 * transaction. On a single-writer database writes queue on a fair in-process lock instead of
 * spinning on SQLITE_BUSY.
 */
public final class Database implements AutoCloseable {
    private final SqlDialect dialect;
    private final DataSource dataSource;
    private final Jdbi jdbi;
    private final ReentrantLock writeLock = new ReentrantLock(true);

    public Database(SqlDialect dialect) {
        this.dialect = dialect;
        this.dataSource = dialect.openDataSource();
        Flyway.configure()
                .dataSource(dataSource)
                .locations(dialect.migrationLocation())
                .load()
                .migrate();
        this.jdbi = Jdbi.create(dataSource);
    }

    public SqlDialect dialect() {
        return dialect;
    }

    public <T> T read(HandleCallback<T, RuntimeException> work) {
        return jdbi.inTransaction(work::withHandle);
    }

    public <T> T write(HandleCallback<T, RuntimeException> work) {
        if (!dialect.singleWriter()) return jdbi.inTransaction(work::withHandle);
        writeLock.lock();
        try {
            return jdbi.inTransaction(work::withHandle);
        } finally {
            writeLock.unlock();
        }
    }

    public void writeVoid(java.util.function.Consumer<Handle> work) {
        write(handle -> {
            work.accept(handle);
            return null;
        });
    }

    @Override
    public void close() {
        if (dataSource instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the connection pool failed", e);
            }
        }
    }
}
