package dev.sextant.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The ceiling: plain JDBC batch inserts of metric points into a table shaped exactly like
 * metric_points, one connection, one transaction per batch, WAL and synchronous=FULL like the server.
 */
final class RawJdbcInsert {
    private RawJdbcInsert() {}

    /** Rows per second for {@code rows} rows in batches of {@code batchSize}. */
    static double rowsPerSecond(Path dir, int rows, int batchSize) throws Exception {
        var file = Files.createTempFile(dir, "raw", ".db");
        Files.delete(file);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (var statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=FULL");
                statement.execute("""
                        CREATE TABLE metric_points (series_id INTEGER NOT NULL, step INTEGER NOT NULL,
                          timestamp_ms INTEGER NOT NULL, value REAL NOT NULL, is_nan INTEGER NOT NULL,
                          PRIMARY KEY (series_id, step, timestamp_ms, value, is_nan)) WITHOUT ROWID""");
            }
            connection.setAutoCommit(false);
            long start = System.nanoTime();
            try (var insert = connection.prepareStatement(
                    "INSERT INTO metric_points (series_id, step, timestamp_ms, value, is_nan) VALUES (?, ?, ?, ?, 0)")) {
                for (int row = 0; row < rows; row++) {
                    insert.setLong(1, 1 + row % 4);
                    insert.setLong(2, row);
                    insert.setLong(3, 1_700_000_000_000L + row);
                    insert.setDouble(4, Math.sin(row));
                    insert.addBatch();
                    if ((row + 1) % batchSize == 0) {
                        insert.executeBatch();
                        connection.commit();
                    }
                }
                insert.executeBatch();
                connection.commit();
            }
            return rows / ((System.nanoTime() - start) / 1e9);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
