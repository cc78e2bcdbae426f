package dev.sextant.server.store;

import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/** A database as an older server left it, for migration tests: migrated up to a version, then filled in plain SQL. */
final class OlderDatabase {
    /** Rows written with the schema of that version. */
    interface Rows {
        void insert(Statement statement) throws SQLException;
    }

    private OlderDatabase() {}

    /** Migrates {@code database} (an SQLite path or a PostgreSQL URL) up to {@code version} only and inserts {@code rows}. */
    static void migratedTo(String database, String version, Rows rows) throws SQLException {
        var dialect = StoreFactory.dialect(database);
        var dataSource = dialect.openDataSource();
        try {
            Flyway.configure().dataSource(dataSource).locations(dialect.migrationLocation()).target(version).load().migrate();
            try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
                rows.insert(statement);
            }
        } finally {
            if (dataSource instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
