package dev.sextant.server.store.sql;

import dev.sextant.server.domain.RawPoint;
import dev.sextant.server.store.CompactionEstimate;
import dev.sextant.server.store.UnsealedSeries;
import dev.sextant.server.store.block.PointBlock;
import dev.sextant.server.store.block.PointBlockCodec;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Converts a database written before sealed blocks in place (ADR 0013): the series of runs that are not RUNNING that
 * still hold raw rows are sealed by {@link ChunkSealer} and lose their level-4 envelope rows, one series a
 * transaction; and a size estimate from a sample of their chunks.
 */
final class PointCompactionSql {
    /** Series the estimate samples, spread evenly over the list. */
    static final int SAMPLE_SERIES = 32;
    /** Consecutive chunks with raw rows the estimate encodes in each sampled series. */
    static final int SAMPLE_CHUNKS = 4;
    /**
     * Pages of metric_blocks over the bytes their rows encode: page slack, row headers and the key index (1.074 at 10⁸
     * points of a float64 curve, bench/README).
     */
    static final double BLOCK_PAGE_OVERHEAD = 1.08;
    /** The finest envelope level a series keeps once its points are in blocks (as new series do). */
    static final int KEPT_MIN_LEVEL = EnvelopeLevels.keptMinLevel(EnvelopeLevels.LEVELS[0]);

    private PointCompactionSql() {}

    static List<UnsealedSeries> listUnsealed(Handle handle) {
        return handle.createQuery("""
                        SELECT s.series_id, s.run_id, s.key, COALESCE(p.raw_rows, 0) AS raw_rows, s.min_level
                        FROM metric_series s JOIN runs r ON r.run_id = s.run_id
                        LEFT JOIN (SELECT series_id, COUNT(*) AS raw_rows FROM metric_points GROUP BY series_id) p
                               ON p.series_id = s.series_id
                        WHERE r.status <> 'RUNNING' AND (p.raw_rows IS NOT NULL OR s.min_level < :keptMinLevel)
                        ORDER BY s.series_id""")
                .bind("keptMinLevel", KEPT_MIN_LEVEL)
                .map((rs, ctx) -> new UnsealedSeries(rs.getLong("series_id"), rs.getString("run_id"), rs.getString("key"),
                        rs.getLong("raw_rows"), rs.getInt("min_level") < KEPT_MIN_LEVEL))
                .list();
    }

    /**
     * Seals the series' raw chunks and drops its envelope levels below what new series keep, setting its min level
     * as a new series' would be: finer envelopes then read points from the blocks, as they do for new series.
     */
    static long sealSeries(Handle handle, long seriesId, SqlDialect dialect) {
        var status = handle.createQuery("""
                        SELECT r.status FROM metric_series s JOIN runs r ON r.run_id = s.run_id WHERE s.series_id = :seriesId""")
                .bind("seriesId", seriesId).mapTo(String.class).findOne();
        if (status.isEmpty() || status.get().equals("RUNNING")) return 0;
        // Locks the series row as a metric batch does, so a concurrent batch of the same series waits for the seal.
        var levels = handle.createQuery("SELECT block_level, min_level FROM metric_series WHERE series_id = :seriesId"
                        + dialect.updateLock())
                .bind("seriesId", seriesId).map((rs, ctx) -> new int[] {rs.getInt(1), rs.getInt(2)}).one();
        int blockLevel = levels[0];
        // Migration 11 gave every older series blocks of 256 steps; a sparse one (its min level, judged from its
        // spacing, above 4) would then get a block per point or so. With no block yet, it takes the block level a new
        // series of that spacing gets.
        if (EnvelopeLevels.blockLevel(levels[1]) > blockLevel && !hasBlocks(handle, seriesId)) {
            blockLevel = EnvelopeLevels.blockLevel(levels[1]);
            handle.createUpdate("UPDATE metric_series SET block_level = :blockLevel WHERE series_id = :seriesId")
                    .bind("blockLevel", blockLevel).bind("seriesId", seriesId).execute();
        }
        long moved;
        try {
            moved = ChunkSealer.sealSeries(handle, seriesId, blockLevel);
        } catch (SQLException e) {
            throw new IllegalStateException("sealing the raw points of series " + seriesId + " failed", e);
        }
        if (levels[1] < KEPT_MIN_LEVEL) {
            handle.createUpdate("DELETE FROM metric_chunks WHERE series_id = :seriesId AND level < :kept")
                    .bind("seriesId", seriesId).bind("kept", KEPT_MIN_LEVEL).execute();
            handle.createUpdate("UPDATE metric_series SET min_level = :kept WHERE series_id = :seriesId")
                    .bind("seriesId", seriesId).bind("kept", KEPT_MIN_LEVEL).execute();
        }
        return moved;
    }

    private static boolean hasBlocks(Handle handle, long seriesId) {
        return handle.createQuery("SELECT 1 FROM metric_blocks WHERE series_id = :seriesId LIMIT 1")
                .bind("seriesId", seriesId).mapTo(Integer.class).findOne().isPresent();
    }

    static CompactionEstimate estimate(Handle handle, List<UnsealedSeries> series) {
        long toSeal = series.stream().mapToLong(UnsealedSeries::rawPoints).sum();
        long sampledPoints = 0;
        long sampledBytes = 0;
        try {
            for (var one : sample(series)) {
                var bounds = handle.createQuery("SELECT block_level, first_step, last_step FROM metric_series WHERE series_id = :seriesId")
                        .bind("seriesId", one.seriesId()).map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).one();
                int level = (int) bounds[0];
                // Chunks from the middle of the series: its first and last may be short.
                var from = ChunkSealer.nextRawStep(handle, one.seriesId(), bounds[1] / 2 + bounds[2] / 2);
                if (from == null) from = ChunkSealer.nextRawStep(handle, one.seriesId(), Long.MIN_VALUE);
                for (int chunks = 0; chunks < SAMPLE_CHUNKS && from != null; chunks++) {
                    long chunk = from >> level;
                    var points = new ArrayList<>(ChunkSealer.rawPoints(handle, one.seriesId(),
                            SealedBlocks.firstStep(chunk, level), SealedBlocks.lastStep(chunk, level)));
                    points.sort(PointOrder.COMPARATOR);
                    sampledPoints += points.size();
                    sampledBytes += PointBlockCodec.encode(block(points)).length;
                    long end = SealedBlocks.lastStep(chunk, level);
                    from = end == Long.MAX_VALUE ? null : ChunkSealer.nextRawStep(handle, one.seriesId(), end + 1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("sampling raw chunks failed", e);
        }
        double perPoint = sampledPoints == 0 ? 0 : (double) sampledBytes / sampledPoints;
        var tables = PointStorageSql.tableBytes(handle);
        long pointBytes = PointStorageSql.POINT_TABLES.stream().mapToLong(table -> tables.tables().getOrDefault(table, 0L)).sum();
        long allRaw = handle.createQuery("SELECT COUNT(*) FROM metric_points").mapTo(Long.class).one();
        long rawTableBytes = tables.tables().getOrDefault("metric_points", 0L);
        long freed = allRaw == 0 ? 0 : (long) ((double) rawTableBytes * toSeal / allRaw);
        long added = (long) (toSeal * perPoint * BLOCK_PAGE_OVERHEAD);
        // The listed series are every one to compact, so their fine envelope rows are all those of ended runs.
        long fineRows = handle.createQuery("""
                        SELECT COUNT(*) FROM metric_chunks c JOIN metric_series s ON s.series_id = c.series_id
                        JOIN runs r ON r.run_id = s.run_id WHERE c.level < :kept AND r.status <> 'RUNNING'""")
                .bind("kept", KEPT_MIN_LEVEL).mapTo(Long.class).one();
        long allChunkRows = handle.createQuery("SELECT COUNT(*) FROM metric_chunks").mapTo(Long.class).one();
        if (allChunkRows > 0) freed += (long) ((double) tables.tables().getOrDefault("metric_chunks", 0L) * fineRows / allChunkRows);
        return new CompactionEstimate(toSeal, sampledPoints, perPoint, pointBytes, pointBytes - freed + added);
    }

    private static List<UnsealedSeries> sample(List<UnsealedSeries> series) {
        if (series.size() <= SAMPLE_SERIES) return series;
        var picked = new ArrayList<UnsealedSeries>(SAMPLE_SERIES);
        for (int i = 0; i < SAMPLE_SERIES; i++) picked.add(series.get((int) ((long) i * series.size() / SAMPLE_SERIES)));
        return picked;
    }

    private static PointBlock block(List<RawPoint> points) {
        var steps = new long[points.size()];
        var timestamps = new long[points.size()];
        var values = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            steps[i] = points.get(i).step();
            timestamps[i] = points.get(i).timestampMs();
            values[i] = points.get(i).value();
        }
        return new PointBlock(steps, timestamps, values);
    }
}
