package dev.sextant.server.store.sql;

import dev.sextant.server.error.SextantException;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * The connection pool, migrations and the two ways in: {@link #read} and {@link #write}, each one
 * transaction. On a single-writer database writes queue for one writer thread instead of spinning on
 * SQLITE_BUSY, and those that queue up while a commit flushes share the next one ({@link GroupCommitWriter}).
 * On a many-writer database a write that lost a race to a concurrent one (see {@link SqlDialect#isWriteConflict})
 * is rolled back and run again, so it sees the winner's rows.
 */
public final class Database implements AutoCloseable {
    static final int MAX_ATTEMPTS = 8;

    private final SqlDialect dialect;
    private final DataSource dataSource;
    private final Jdbi jdbi;
    private final GroupCommitWriter writer;

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
        this.writer = dialect.singleWriter() ? new GroupCommitWriter(jdbi, "sextant-db-writer") : null;
    }

    public SqlDialect dialect() {
        return dialect;
    }

    public <T> T read(HandleCallback<T, RuntimeException> work) {
        return jdbi.inTransaction(work::withHandle);
    }

    public <T> T write(HandleCallback<T, RuntimeException> work) {
        if (writer == null) return writeRetryingConflicts(work);
        return writer.write(work);
    }

    /** Writes waiting for the single writer (0 on a many-writer database); for tests. */
    int queuedWrites() {
        return writer == null ? 0 : writer.queued();
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
        if (writer != null) writer.close();
        if (dataSource instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the connection pool failed", e);
            }
        }
    }
}
