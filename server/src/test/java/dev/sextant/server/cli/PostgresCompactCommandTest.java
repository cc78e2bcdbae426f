package dev.sextant.server.cli;

import dev.sextant.server.store.postgres.PostgresCluster;
import dev.sextant.server.store.postgres.PostgresUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The compaction contract on a real PostgreSQL server, a fresh database per test. */
class PostgresCompactCommandTest extends CompactCommandContract {
    private final String database = PostgresCluster.shared().createDatabase();

    @Override
    protected String database() {
        return database;
    }

    @Override
    protected Connection connect() throws SQLException {
        var url = PostgresUrl.parse(database);
        return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    }

    @Override
    protected boolean freedPagesLeaveTheTables() {
        return false;
    }
}
