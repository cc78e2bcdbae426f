package dev.sextant.server.store.sql;

import com.zaxxer.hikari.HikariDataSource;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.store.DatabaseStatus;
import dev.sextant.server.store.WriteObserver;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The connection pool, migrations and the two ways in: {@link #read} and {@link #write}, each one
 * transaction. On a single-writer database writes queue for one writer thread instead of spinning on
 * SQLITE_BUSY, and those that queue up while a commit flushes share the next one ({@link GroupCommitWriter}).
 * On a many-writer database a write that lost a race to a concurrent one (see {@link SqlDialect#isWriteConflict})
 * is rolled back and run again, so it sees the winner's rows.
 */
public final class Database implements AutoCloseable, DatabaseStatus {
    static final int MAX_ATTEMPTS = 8;

    private final SqlDialect dialect;
    private final DataSource dataSource;
    private final Jdbi jdbi;
    private final GroupCommitWriter writer;
    private final WriteObserver observer;
    /** The newest migration this server ships, which readiness expects to find applied. */
    private final String schemaVersion;

    public Database(SqlDialect dialect) {
        this(dialect, WriteObserver.NONE);
    }

    public Database(SqlDialect dialect, WriteObserver observer) {
        this.dialect = dialect;
        this.observer = observer;
        this.dataSource = dialect.openDataSource();
        try {
            // Several replicas may start at once: Flyway serialises them with a database lock.
            var flyway = Flyway.configure()
                    .dataSource(dataSource)
                    .locations(dialect.migrationLocation())
                    .load();
            flyway.migrate();
            schemaVersion = Arrays.stream(flyway.info().all())
                    .filter(migration -> migration.getState().isResolved() && migration.getVersion() != null)
                    .map(migration -> migration.getVersion())
                    .max(Comparable::compareTo)
                    .map(version -> version.getVersion())
                    .orElse(null);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.jdbi = Jdbi.create(dataSource);
        this.writer = dialect.singleWriter() ? new GroupCommitWriter(jdbi, "sextant-db-writer", "sextant-db-acks", observer) : null;
    }

    public SqlDialect dialect() {
        return dialect;
    }

    public <T> T read(HandleCallback<T, RuntimeException> work) {
        return jdbi.inTransaction(work::withHandle);
    }

    /**
     * A read whose statements must all see one snapshot: points move from metric_points into metric_blocks when a
     * chunk is sealed, so a read of both tables must not see one before and the other after a seal. SQLite's read
     * transactions are snapshots already; PostgreSQL's default (READ COMMITTED) takes one per statement.
     */
    public <T> T readSnapshot(HandleCallback<T, RuntimeException> work) {
        if (dialect.singleWriter()) return read(work);
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, work::withHandle);
    }

    public <T> T write(HandleCallback<T, RuntimeException> work) {
        if (writer == null) return writeRetryingConflicts(work);
        return writer.write(work);
    }

    /**
     * As {@link #write(HandleCallback)}; on a single-writer database, writes of the same {@code kind} queued next to
     * each other run as one batch of their items ({@link CoalescedWrites}); {@code work} is what runs otherwise.
     */
    <I, T> T write(HandleCallback<T, RuntimeException> work, CoalescedWrites<I, T> kind, I item) {
        if (writer == null) return writeRetryingConflicts(work);
        return writer.write(work, kind, item);
    }

    @Override
    public int queuedWrites() {
        return writer == null ? 0 : writer.queued();
    }

    @Override
    public PoolUse pool() {
        var pool = dataSource instanceof HikariDataSource hikari ? hikari.getHikariPoolMXBean() : null;
        if (pool == null) return new PoolUse(0, 0, 0, 0);
        return new PoolUse(pool.getActiveConnections(), pool.getIdleConnections(), pool.getThreadsAwaitingConnection(),
                ((HikariDataSource) dataSource).getMaximumPoolSize());
    }

    @Override
    public void checkReady() {
        if (schemaVersion == null) throw new IllegalStateException("this server ships no migrations");
        int applied = jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT COUNT(*) FROM flyway_schema_history WHERE version = :version AND success")
                .bind("version", schemaVersion)
                .mapTo(Integer.class)
                .one());
        if (applied == 0) throw new IllegalStateException("migration " + schemaVersion + " is not applied");
    }

    public void writeVoid(java.util.function.Consumer<Handle> work) {
        write(handle -> {
            work.accept(handle);
            return null;
        });
    }

    private <T> T writeRetryingConflicts(HandleCallback<T, RuntimeException> work) {
        for (int attempt = 1; ; attempt++) {
            long begin = System.nanoTime();
            try {
                var result = jdbi.inTransaction(work::withHandle);
                observer.committed(1, System.nanoTime() - begin);
                return result;
            } catch (RuntimeException e) {
                var sql = sqlCause(e);
                if (sql == null || !dialect.isWriteConflict(sql)) throw e;
                if (attempt == MAX_ATTEMPTS) {
                    if (dialect.isUniqueViolation(sql)) {
                        throw SextantException.alreadyExists("a concurrent request created the same item; try again");
                    }
                    throw e;
                }
                observer.retried();
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
