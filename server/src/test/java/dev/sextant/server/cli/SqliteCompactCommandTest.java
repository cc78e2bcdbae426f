package dev.sextant.server.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;

class SqliteCompactCommandTest extends CompactCommandContract {
    @TempDir Path dir;

    @Override
    protected String database() {
        return dir.resolve("sextant.db").toString();
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + database());
    }

    @Override
    protected boolean freedPagesLeaveTheTables() {
        return true;
    }
}
