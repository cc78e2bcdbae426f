package dev.sextant.server.cli;

import dev.sextant.server.store.PointMaintenance;
import dev.sextant.server.store.StoreFactory;
import dev.sextant.server.store.UnsealedSeries;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sextant compact [--dry-run]}: seals the raw points of every run that is not RUNNING into compressed blocks
 * (ADR 0013) and drops their series' level-4 envelope rows (new series keep levels from 8), one series a transaction, so an interrupted run leaves no half-sealed series and a rerun continues
 * where it stopped. Databases written before blocks existed hold all their points raw; new writes seal themselves.
 */
@Command(name = "compact", mixinStandardHelpOptions = true,
        description = "Seal the raw metric points of finished runs into compressed blocks, in place (resumable).")
public final class CompactCommand implements Callable<Integer> {

    @Mixin
    DataLocationOptions location;

    @Option(names = "--dry-run", description = "Only estimate the size after sealing (encodes a sample of chunks); write nothing.")
    boolean dryRun;

    @Option(names = "--max-series", paramLabel = "N",
            description = "Seal at most N series this time, then stop (a later run goes on from there).")
    Long maxSeries;

    @Override
    public Integer call() throws Exception {
        if (!location.databaseExists()) return 1;
        String db = location.database();
        try (var maintenance = StoreFactory.openPointMaintenance(db)) {
            var series = maintenance.listUnsealedSeries();
            long points = series.stream().mapToLong(UnsealedSeries::rawPoints).sum();
            if (series.isEmpty()) {
                System.out.println("Nothing to seal: every run that is not RUNNING has all its points in blocks.");
                return 0;
            }
            System.out.printf("%,d raw points in %,d series of %,d runs that are not RUNNING.%n", points, series.size(),
                    series.stream().map(UnsealedSeries::runId).distinct().count());
            long fine = series.stream().filter(UnsealedSeries::finePyramid).count();
            if (fine > 0) System.out.printf("%,d of these series keep level-4 envelope rows from before sealed blocks: those go too.%n", fine);
            if (dryRun) {
                printEstimate(maintenance, series);
                return 0;
            }
            seal(maintenance, !StoreFactory.isPostgres(db), maxSeries == null ? series : series.subList(0, (int) Math.min(series.size(), maxSeries)));
            return 0;
        }
    }

    private static void printEstimate(PointMaintenance maintenance, List<UnsealedSeries> series) {
        var estimate = maintenance.estimateSealing(series);
        System.out.printf("Sample: %,d points (chunks from the middle of %d series) encode to %.2f bytes a point.%n",
                estimate.sampledPoints(), Math.min(series.size(), 32), estimate.encodedBytesPerPoint());
        System.out.printf("Point tables: %,d bytes now, about %,d after sealing (%.0f %% less).%n", estimate.pointBytesNow(),
                estimate.pointBytesAfter(), 100.0 * (estimate.pointBytesNow() - estimate.pointBytesAfter()) / Math.max(1, estimate.pointBytesNow()));
        System.out.println("Nothing was written (--dry-run).");
    }

    private static void seal(PointMaintenance maintenance, boolean sqlite, List<UnsealedSeries> series) {
        long total = series.stream().mapToLong(UnsealedSeries::rawPoints).sum();
        long sealed = 0;
        try (var progress = CompactionProgress.forConsole(total, series.size())) {
            for (var one : series) {
                sealed += maintenance.sealSeries(one.seriesId());
                progress.sealed(one, sealed);
            }
        }
        System.out.printf("Sealed %,d points of %,d series.%n", sealed, series.size());
        var left = maintenance.listUnsealedSeries().size();
        if (left > 0) System.out.printf("%,d series still hold raw points: run `sextant compact` again to go on.%n", left);
        if (sqlite) System.out.println("SQLite keeps the freed pages for its next writes; to give them back to the file system, "
                + "stop the server and run VACUUM (e.g. `sextant backup` then `sextant restore`).");
    }
}
