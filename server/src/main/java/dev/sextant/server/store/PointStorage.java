package dev.sextant.server.store;

import java.util.List;

/**
 * Where the bytes of metric points go: per experiment, its points (the sum of its series' counts) and the bytes of
 * the point tables (metric_points, metric_blocks, metric_chunks, metric_series, with their indexes) attributed to it,
 * and the whole database. {@code method} says how the bytes were measured and shared out.
 *
 * @param pointBytes    the point tables' bytes; the experiments' bytes add up to exactly this
 * @param databaseBytes the whole database: SQLite's pages (the file's size once its WAL is checkpointed), or
 *                      PostgreSQL's {@code pg_database_size}
 * @param freeBytes     SQLite's free pages, part of databaseBytes: reused by new writes, given back by VACUUM
 *                      (0 on PostgreSQL, whose free space stays inside each table)
 */
public record PointStorage(List<ExperimentPoints> experiments, long pointBytes, long databaseBytes, long freeBytes,
                           String method) {
    public PointStorage {
        experiments = List.copyOf(experiments);
    }

    /** One experiment's share; {@code lifecycleStage} is active or deleted. */
    public record ExperimentPoints(String experimentId, String name, String lifecycleStage, long points, long bytes) {}

    public long totalPoints() {
        return experiments.stream().mapToLong(ExperimentPoints::points).sum();
    }
}
