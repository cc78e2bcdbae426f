package dev.sextant.server.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.sqlite.SQLiteConfig;

/** A temp SQLite database with the V001 schema, for running generated search SQL. */
final class SearchDatabase {
    private static final String SCHEMA = "/db/migration/sqlite/V001__tracking_schema.sql";

    private SearchDatabase() {}

    /** Opens {@code file} configured as the server does (case-sensitive LIKE) and creates the schema in it. */
    static Connection create(Path file) throws SQLException {
        var config = new SQLiteConfig();
        config.enableCaseSensitiveLike(true);
        var connection = config.createConnection("jdbc:sqlite:" + file);
        try (var statement = connection.createStatement()) {
            for (var sql : schemaStatements()) statement.execute(sql);
        }
        return connection;
    }

    /** Runs {@code sql} with {@code bindings} bound in order and returns the first column of every row. */
    static List<String> firstColumn(Connection connection, String sql, List<Object> bindings) throws SQLException {
        try (var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < bindings.size(); i++) statement.setObject(i + 1, bindings.get(i));
            try (var rows = statement.executeQuery()) {
                var ids = new ArrayList<String>();
                while (rows.next()) ids.add(rows.getString(1));
                return ids;
            }
        }
    }

    static void execute(Connection connection, String sql, Object... bindings) throws SQLException {
        try (var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < bindings.length; i++) statement.setObject(i + 1, bindings[i]);
            statement.executeUpdate();
        }
    }

    private static List<String> schemaStatements() {
        try (var in = Objects.requireNonNull(SearchDatabase.class.getResourceAsStream(SCHEMA), SCHEMA)) {
            var text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            var statements = new ArrayList<String>();
            // The migration holds no ';' inside literals or comments, so splitting on it is safe.
            for (var part : text.split(";")) {
                var withoutComments = part.lines().filter(line -> !line.strip().startsWith("--")).toList();
                if (withoutComments.stream().anyMatch(line -> !line.isBlank())) statements.add(part);
            }
            return statements;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
