package dev.sextant.server.cli;

import dev.sextant.server.store.PointStorage;
import dev.sextant.server.store.StoreFactory;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code sextant stats}: per experiment, its metric points, the bytes of the point tables attributed to it and bytes
 * per point, then the whole database over all points. Reads the database directly (one read transaction), so it may
 * run beside a server.
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Print points, bytes on disk and bytes per point for each experiment, and for the whole database.")
public final class StatsCommand implements Callable<Integer> {

    @Mixin
    DataLocationOptions location;

    @Override
    public Integer call() throws Exception {
        if (!location.databaseExists()) return 1;
        String db = location.database();
        PointStorage storage;
        try (var maintenance = StoreFactory.openPointMaintenance(db)) {
            storage = maintenance.measureStorage();
        }
        print(storage, StoreFactory.describe(db), StoreFactory.isPostgres(db) ? null : StoreFactory.sqlitePath(db), System.out);
        return 0;
    }

    static void print(PointStorage storage, String where, Path sqliteFile, PrintStream out) throws java.io.IOException {
        out.println("Points in " + where);
        out.println("Bytes: " + storage.method() + ".");
        out.printf("%-12s %-30s %15s %17s %12s%n", "EXPERIMENT", "NAME", "POINTS", "BYTES", "BYTES/POINT");
        long attributed = 0;
        for (var experiment : storage.experiments()) {
            String name = experiment.name() + (experiment.lifecycleStage().equals("active") ? "" : " (" + experiment.lifecycleStage() + ")");
            out.println(line(experiment.experimentId(), name, experiment.points(), experiment.bytes()));
            attributed += experiment.bytes();
        }
        if (storage.pointBytes() > attributed) {
            out.println(line("-", "point tables, empty pages", 0, storage.pointBytes() - attributed));
        }
        out.println(line("ALL", "point tables", storage.totalPoints(), storage.pointBytes()));
        out.println(line("TOTAL", "whole database", storage.totalPoints(), storage.databaseBytes()));
        if (storage.freeBytes() > 0) {
            out.printf("Of the whole database, %,d bytes are free pages: new writes reuse them, VACUUM gives them back"
                    + " (`sextant backup` writes a vacuumed copy).%n", storage.freeBytes());
        }
        if (sqliteFile != null) {
            long file = Files.size(sqliteFile);
            var wal = Path.of(sqliteFile + "-wal");
            long walBytes = Files.exists(wal) ? Files.size(wal) : 0;
            out.printf("Files: %,d bytes in %s, %,d in its WAL (pages the next checkpoint writes back).%n", file,
                    sqliteFile.getFileName(), walBytes);
        }
    }

    private static String line(String id, String name, long points, long bytes) {
        String perPoint = points == 0 ? "-" : String.format("%.2f", (double) bytes / points);
        return String.format("%-12s %-30s %,15d %,17d %12s", id, truncate(name), points, bytes, perPoint);
    }

    private static String truncate(String name) {
        return name.length() <= 30 ? name : name.substring(0, 29) + "…";
    }
}
