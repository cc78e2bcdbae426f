package dev.sextant.server.store.sql;

import dev.sextant.server.error.SextantException;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * The connection pool, migrations and the two ways in: {@link #read} and {@link #write}, each one
 * transaction. On a single-writer database writes queue on a fair in-process lock instead of
 * spinning on SQLITE_BUSY. On a many-writer database a write that lost a race to a concurrent one
 * (see {@link SqlDialect#isWriteConflict}) is rolled back and run again, so it sees the winner's rows.
 */
public final class Database implements AutoCloseable {
    static final int MAX_ATTEMPTS = 8;

    private final SqlDialect dialect;
    private final DataSource dataSource;
    private final Jdbi jdbi;
    private final ReentrantLock writeLock = new ReentrantLock(true);

    public Database(SqlDialect dialect) {
        this.dialect = dialect;
        this.dataSource = dialect.openDataSource();
        try {
            // Several replicas may start at once: Flyway serialises them with a database lock.
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(dialect.migrationLocation())
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.jdbi = Jdbi.create(dataSource);
    }

    public SqlDialect dialect() {
        return dialect;
    }

    public <T> T read(HandleCallback<T, RuntimeException> work) {
        return jdbi.inTransaction(work::withHandle);
    }

    public <T> T write(HandleCallback<T, RuntimeException> work) {
        if (!dialect.singleWriter()) return writeRetryingConflicts(work);
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

    private <T> T writeRetryingConflicts(HandleCallback<T, RuntimeException> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.inTransaction(work::withHandle);
            } catch (RuntimeException e) {
                var sql = sqlCause(e);
                if (sql == null || !dialect.isWriteConflict(sql)) throw e;
                if (attempt == MAX_ATTEMPTS) {
                    if (dialect.isUniqueViolation(sql)) {
                        throw SextantException.alreadyExists("a concurrent request created the same item; try again");
                    }
                    throw e;
                }
                backOff(attempt);
            }
        }
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) return sql;
        }
        return null;
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a write", e);
        }
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
