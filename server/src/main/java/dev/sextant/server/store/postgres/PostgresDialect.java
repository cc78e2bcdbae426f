package dev.sextant.server.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sextant.server.store.sql.PointInserter;
import dev.sextant.server.store.sql.SqlDialect;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * PostgreSQL for the scale-out setup: many writers at once (no in-process write lock), so several
 * server replicas can share one database. Durability is PostgreSQL's default synchronous_commit=on:
 * a commit returns only once its WAL is flushed, so an acknowledged batch survives a crash.
 */
public final class PostgresDialect implements SqlDialect {
    /** Per replica: ten replicas stay well inside PostgreSQL's default max_connections of 100. */
    static final int POOL_SIZE = 8;

    private final PostgresUrl url;

    public PostgresDialect(PostgresUrl url) {
        this.url = url;
    }

    @Override
    public DataSource openDataSource() {
        var pool = new HikariConfig();
        pool.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) pool.setUsername(url.user());
        if (url.password() != null) pool.setPassword(url.password());
        pool.setPoolName("sextant-postgres");
        pool.setMaximumPoolSize(POOL_SIZE);
        pool.setMinimumIdle(1);
        pool.addDataSourceProperty("ApplicationName", "sextant");
        // The metric write path reads per-row update counts of an INSERT ... ON CONFLICT DO NOTHING batch
        // to know which points are new; rewriting batches into multi-row inserts would lose them.
        pool.addDataSourceProperty("reWriteBatchedInserts", "false");
        // Durability does not depend on how the database or role was configured: a commit returns only once
        // its WAL record is flushed (PostgreSQL's default, but an ALTER DATABASE/ROLE could have turned it off).
        pool.setConnectionInitSql("SET synchronous_commit TO on");
        return new HikariDataSource(pool);
    }

    @Override
    public String migrationLocation() {
        return "classpath:db/migration/postgres";
    }

    @Override
    public boolean singleWriter() {
        return false;
    }

    @Override
    public String positiveInfinity() {
        return "CAST('Infinity' AS DOUBLE PRECISION)";
    }

    @Override
    public boolean isWriteConflict(SQLException e) {
        var state = e.getSQLState();
        return "23505".equals(state) || "40001".equals(state) || "40P01".equals(state);
    }

    @Override
    public String beforeSearch() {
        // Measured at 100,000 runs on 2 busy cores: a page ordered by a metric took 165-358 ms with two parallel
        // workers (most of it starting them), 40-63 ms without (bench/README.md, issue 18). A search reads pages
        // that are cached; at the default random_page_cost of 4 PostgreSQL read all 100,000 runs of an experiment
        // (sequential scan, hashed) to meet the ~1,000 runs a search's index terms admitted: 86-207 ms by EXPLAIN
        // ANALYZE, against 27-73 ms for looking each up by its key, which it picks at 1.1.
        return "SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL random_page_cost = 1.1";
    }

    /** A run created while its experiment is being deleted either waits and is refused, or is deleted with it. */
    @Override
    public String shareLock() {
        return " FOR SHARE";
    }

    /** Series rows are locked in id order (the query orders them), the order every writer takes. */
    @Override
    public String updateLock() {
        return " FOR UPDATE";
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    @Override
    public PointInserter pointInserter() {
        return new ArrayPointInserter();
    }

    @Override
    public String describe() {
        return url.toString();
    }
}
