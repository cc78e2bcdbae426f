package dev.sextant.server.reliability;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.sqlite.SQLiteConfig;

/** A digest of every row of every table of an SQLite file, read through a read-only connection. */
final class DatabaseDigest {
    private DatabaseDigest() {}

    /** Table name → row count and SHA-256 of its sorted rows. */
    static TreeMap<String, String> of(Path file) throws Exception {
        var config = new SQLiteConfig();
        config.setReadOnly(true);
        var result = new TreeMap<String, String>();
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties())) {
            var tables = new ArrayList<String>();
            try (var rs = connection.createStatement().executeQuery(
                    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            for (var table : tables) {
                List<String> rows = new ArrayList<>();
                try (var rs = connection.createStatement().executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        var row = new StringBuilder();
                        for (int c = 1; c <= columns; c++) {
                            Object value = rs.getObject(c);
                            row.append(value instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : String.valueOf(value)).append('\u0001');
                        }
                        rows.add(row.toString());
                    }
                }
                Collections.sort(rows);
                var sha = MessageDigest.getInstance("SHA-256");
                for (var row : rows) sha.update(row.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                result.put(table, rows.size() + " rows " + HexFormat.of().formatHex(sha.digest()).substring(0, 16));
            }
        }
        return result;
    }
}
