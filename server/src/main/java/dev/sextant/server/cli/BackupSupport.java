package dev.sextant.server.cli;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/** What backup and restore share: file names, table counts, folder copies. */
final class BackupSupport {
    static final String DATABASE_FILE = "sextant.db";
    static final String MANIFEST_FILE = "manifest.json";
    static final String ARTIFACTS_FOLDER = "artifacts";
    /** LocalArtifactStore's folder for uploads in progress: never part of a backup. */
    static final String PARTIAL_FOLDER = ".partial";

    private BackupSupport() {}

    static Connection open(Path file, boolean readOnly) throws SQLException {
        var config = new SQLiteConfig();
        config.setReadOnly(readOnly);
        config.setBusyTimeout(30_000);
        return DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
    }

    /** Row count of every table, by name. */
    static Map<String, Long> counts(Connection connection) throws SQLException {
        var tables = new ArrayList<String>();
        try (var rs = connection.createStatement().executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
            while (rs.next()) tables.add(rs.getString(1));
        }
        var counts = new LinkedHashMap<String, Long>();
        for (var table : tables) {
            try (var rs = connection.createStatement().executeQuery("SELECT count(*) FROM \"" + table.replace("\"", "\"\"") + "\"")) {
                rs.next();
                counts.put(table, rs.getLong(1));
            }
        }
        return counts;
    }

    /** The latest applied migration, as Flyway recorded it. */
    static String schemaVersion(Connection connection) throws SQLException {
        try (var rs = connection.createStatement().executeQuery(
                "SELECT version FROM flyway_schema_history WHERE success = 1 AND version IS NOT NULL"
                        + " ORDER BY installed_rank DESC LIMIT 1")) {
            return rs.next() ? rs.getString(1) : "unknown";
        }
    }

    static String integrity(Connection connection) throws SQLException {
        try (var rs = connection.createStatement().executeQuery("PRAGMA integrity_check")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Copies a folder tree, leaving out uploads in progress; returns files and bytes copied. */
    static long[] copyTree(Path from, Path to) throws IOException {
        long[] totals = new long[2];
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.getFileName() != null && dir.getFileName().toString().equals(PARTIAL_FOLDER) && dir.getParent().equals(from)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isRegularFile()) return FileVisitResult.CONTINUE;
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                totals[0]++;
                totals[1] += attrs.size();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                // A file deleted while we walk: it was not in the snapshot's future anyway.
                if (e instanceof java.nio.file.NoSuchFileException) return FileVisitResult.CONTINUE;
                throw e;
            }
        });
        return totals;
    }

    static boolean isEmptyOrMissing(Path dir) throws IOException {
        if (!Files.exists(dir)) return true;
        if (!Files.isDirectory(dir)) return false;
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var walk = Files.walk(dir)) {
            List<Path> paths = walk.sorted(java.util.Comparator.reverseOrder()).toList();
            for (Path path : paths) Files.deleteIfExists(path);
        }
    }
}
