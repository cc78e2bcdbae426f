package dev.sextant.server.reliability;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * Notices any commit to an SQLite file by another connection ({@code PRAGMA data_version} on a read-only
 * connection of our own changes exactly then) and any change to a folder's file listing, between mark and check.
 */
final class ChangeWatcher implements AutoCloseable {
    private final Connection connection;
    private final Path folder;
    private long version;
    private Map<String, Long> files;

    ChangeWatcher(Path database, Path folder) throws SQLException {
        var config = new SQLiteConfig();
        config.setReadOnly(true);
        this.connection = DriverManager.getConnection("jdbc:sqlite:" + database, config.toProperties());
        this.folder = folder;
    }

    void mark() throws Exception {
        version = dataVersion();
        files = HostileInputTest.listing(folder, null);
    }

    /** What changed since {@link #mark}, or null. */
    String changed() throws Exception {
        if (dataVersion() != version) return "the database";
        var now = HostileInputTest.listing(folder, null);
        if (!now.equals(files)) return "the artifact root (" + files + " -> " + now + ")";
        return null;
    }

    private long dataVersion() throws SQLException {
        try (var statement = connection.createStatement(); var rs = statement.executeQuery("PRAGMA data_version")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
