package dev.sextant.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.domain.RunStatus;
import dev.sextant.server.store.NewRun;
import dev.sextant.server.store.RunUpdate;
import dev.sextant.server.store.StoreFactory;
import dev.sextant.server.store.TrackingStore;
import dev.sextant.server.store.block.PointBlockCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code sextant compact} on a database whose points are raw rows, as every database written before sealed blocks
 * (V011) holds them: built by logging, ending the runs, and moving their blocks back into metric_points as raw rows.
 * Subclasses supply the database.
 */
abstract class CompactCommandContract {
    private static final List<String> FINISHED = List.of("a".repeat(32), "b".repeat(32));
    private static final String RUNNING = "c".repeat(32);
    private static final List<String> KEYS = List.of("loss", "acc", "lr");

    private List<String> before;
    private long runningRawRows;

    @BeforeEach
    void raw_database() throws SQLException {
        try (var store = StoreFactory.open(database())) {
            var random = new Random(11);
            for (var runId : FINISHED) log(store, runId, random);
            log(store, RUNNING, random);
            for (var runId : FINISHED) store.updateRun(runId, new RunUpdate(RunStatus.FINISHED, 1L, null, null));
            before = reads(store);
        }
        unsealEverything();
        // A RUNNING run keeps its raw rows: its series may still be written to.
        runningRawRows = count("SELECT COUNT(*) FROM metric_points p JOIN metric_series s ON s.series_id = p.series_id WHERE s.run_id = '" + RUNNING + "'");
        assertThat(count("SELECT COUNT(*) FROM metric_blocks")).isZero();
    }

    @Test
    void compacting_seals_the_raw_points_of_ended_runs_and_every_read_returns_the_same_points() throws SQLException {
        try (var store = StoreFactory.open(database())) {
            assertThat(reads(store)).isEqualTo(before);
        }

        var output = run("compact", "--db", database());

        assertThat(output).contains("in 6 series of 2 runs that are not RUNNING").contains("Sealed");
        assertThat(count("SELECT COUNT(*) FROM metric_points")).isEqualTo(runningRawRows);
        assertThat(count("SELECT COUNT(*) FROM metric_blocks")).isPositive();
        try (var store = StoreFactory.open(database())) {
            assertThat(reads(store)).isEqualTo(before);
        }
    }

    @Test
    void a_compaction_stopped_after_some_series_goes_on_where_it_stopped_and_a_further_run_changes_nothing() throws SQLException {
        run("compact", "--max-series", "2", "--db", database());

        assertThat(count("SELECT COUNT(DISTINCT series_id) FROM metric_blocks")).isEqualTo(2);
        try (var store = StoreFactory.open(database())) {
            assertThat(reads(store)).isEqualTo(before);
        }
        assertThat(run("compact", "--db", database())).contains("in 4 series of 2 runs");
        assertThat(count("SELECT COUNT(*) FROM metric_points")).isEqualTo(runningRawRows);
        var blocks = dump("SELECT series_id, chunk_index, point_count, data FROM metric_blocks ORDER BY 1, 2");

        assertThat(run("compact", "--db", database())).contains("Nothing to seal");
        assertThat(dump("SELECT series_id, chunk_index, point_count, data FROM metric_blocks ORDER BY 1, 2")).isEqualTo(blocks);
        try (var store = StoreFactory.open(database())) {
            assertThat(reads(store)).isEqualTo(before);
        }
    }

    @Test
    void series_from_before_sealed_blocks_lose_their_level_4_envelope_rows_and_every_read_stays_the_same() throws SQLException {
        keepLevel4RowsInEndedRuns();

        var output = run("compact", "--db", database());

        assertThat(output).contains("6 of these series keep level-4 envelope rows");
        assertThat(count("SELECT COUNT(*) FROM metric_chunks WHERE level < 8")).isZero();
        assertThat(count("SELECT COUNT(*) FROM metric_series WHERE min_level < 8")).isZero();
        try (var store = StoreFactory.open(database())) {
            assertThat(reads(store)).isEqualTo(before);
        }
        assertThat(run("compact", "--db", database())).contains("Nothing to seal");
    }

    @Test
    void a_sparse_series_from_before_sealed_blocks_gets_the_block_size_its_spacing_asks_for() throws SQLException {
        var runId = "d".repeat(32);
        List<String> sparse;
        try (var store = StoreFactory.open(database())) {
            store.createRun(new NewRun(runId, "0", "eval", RunStatus.RUNNING, 0, "", null, "", Map.of(), Map.of()));
            var points = new ArrayList<MetricPoint>();
            for (long step = 0; step < 400_000; step += 1_000) points.add(new MetricPoint("eval", Math.sqrt(step), step, step));
            store.logBatch(runId, points, Map.of(), Map.of());
            store.updateRun(runId, new RunUpdate(RunStatus.FINISHED, 1L, null, null));
            sparse = sparseReads(store, runId);
        }
        unsealEverything();
        // Migration 11 gave every series then in the database blocks of 256 steps.
        try (var connection = connect(); var statement = connection.createStatement()) {
            statement.execute("UPDATE metric_series SET block_level = 8 WHERE run_id = '" + runId + "'");
        }

        run("compact", "--db", database());

        assertThat(count("SELECT block_level FROM metric_series WHERE run_id = '" + runId + "'")).isEqualTo(16);
        assertThat(count("SELECT COUNT(*) FROM metric_blocks b JOIN metric_series s ON s.series_id = b.series_id WHERE s.run_id = '"
                + runId + "'")).isEqualTo(7);
        try (var store = StoreFactory.open(database())) {
            assertThat(sparseReads(store, runId)).isEqualTo(sparse);
            assertThat(reads(store)).isEqualTo(before);
        }
    }

    private static List<String> sparseReads(TrackingStore store, String runId) {
        return List.of(store.readPoints(runId, "eval", null, null, 25_000, null).items().toString(),
                store.readPoints(runId, "eval", 70_000L, 140_000L, 25_000, null).items().toString(),
                store.readEnvelope(runId, "eval", 1_000, null, null).orElseThrow().toString(),
                store.readEnvelope(runId, "eval", 20, 5_000L, 300_000L).orElseThrow().toString());
    }

    @Test
    void a_dry_run_estimates_the_size_after_sealing_and_writes_nothing() throws SQLException {
        long raw = count("SELECT COUNT(*) FROM metric_points");

        var output = run("compact", "--dry-run", "--db", database());

        assertThat(output).contains("Nothing was written");
        var estimate = output.lines().filter(line -> line.startsWith("Point tables:")).findFirst().orElseThrow()
                .replaceAll("[^0-9 ]", "").trim().split("\\s+");
        assertThat(Long.parseLong(estimate[1])).isLessThan(Long.parseLong(estimate[0]));
        assertThat(count("SELECT COUNT(*) FROM metric_points")).isEqualTo(raw);
        assertThat(count("SELECT COUNT(*) FROM metric_blocks")).isZero();
        if (!freedPagesLeaveTheTables()) return;
        // Once sealed, the point tables measure near the estimate (page slack varies with so few points).
        run("compact", "--db", database());
        var stats = run("stats", "--db", database());
        var all = stats.lines().filter(line -> line.startsWith("ALL")).findFirst().orElseThrow();
        assertThat(stats).contains("bytes are free pages");
        long actual = Long.parseLong(all.substring(43).trim().split("\\s+")[1].replace(",", ""));
        assertThat(Long.parseLong(estimate[1])).isCloseTo(actual, withinPercentage(25));
    }

    /** Irregular and repeated steps, out-of-order batches, NaN, ±Inf and extreme values, float32 and float64. */
    private static void log(TrackingStore store, String runId, Random random) {
        store.createRun(new NewRun(runId, "0", "run", RunStatus.RUNNING, 0, "", null, "", Map.of(), Map.of()));
        for (var key : KEYS) {
            var points = new ArrayList<MetricPoint>();
            long step = -5;
            for (int i = 0; i < 3_000; i++) {
                step += random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(3);
                double value = switch (random.nextInt(40)) {
                    case 0 -> Double.NaN;
                    case 1 -> Double.POSITIVE_INFINITY;
                    case 2 -> Double.NEGATIVE_INFINITY;
                    // Not Double.MAX_VALUE: two in one chunk overflow the pyramid's sum, which PostgreSQL refuses.
                    case 3 -> random.nextBoolean() ? 1e300 : -1e300;
                    case 4 -> Double.MIN_VALUE;
                    case 5 -> (float) random.nextGaussian();
                    default -> random.nextGaussian() * 1e3;
                };
                points.add(new MetricPoint(key, value, 1_700_000_000_000L + step * 50 + random.nextInt(5), step));
            }
            Collections.shuffle(points, random);
            for (int from = 0; from < points.size(); from += 700) {
                store.logBatch(runId, points.subList(from, Math.min(points.size(), from + 700)), Map.of(), Map.of());
            }
        }
    }

    /** What every read path answers, as text that keeps each value's bits. */
    private static List<String> reads(TrackingStore store) {
        var answers = new ArrayList<String>();
        for (var runId : List.of(FINISHED.get(0), FINISHED.get(1), RUNNING)) {
            for (var key : KEYS) {
                for (int pageSize : new int[] {1, 777, 25_000}) {
                    if (pageSize == 1) {
                        answers.add(store.readPoints(runId, key, null, null, 1, null).items().toString());
                        continue;
                    }
                    var points = new StringBuilder();
                    String token = null;
                    do {
                        var page = store.readPoints(runId, key, null, null, pageSize, token);
                        page.items().forEach(p -> points.append(p.step()).append('/').append(p.timestampMs()).append('/')
                                .append(Long.toHexString(Double.doubleToRawLongBits(p.value()))).append(' '));
                        token = page.nextPageToken();
                    } while (token != null);
                    answers.add(points.toString());
                }
                answers.add(store.readPoints(runId, key, 100L, 900L, 5_000, null).items().toString());
                // 50 buckets are ~100 steps wide: the width level-4 envelope rows serve.
                for (int buckets : new int[] {1, 7, 50, 1_000}) {
                    answers.add(store.readEnvelope(runId, key, buckets, null, null).orElseThrow().toString());
                    answers.add(store.readEnvelope(runId, key, buckets, 300L, 2_500L).orElseThrow().toString());
                }
                answers.add(store.readIntervals(runId, key, new long[] {-10, 0, 250, 251, 1_000, 4_000}, 6_000).orElseThrow().toString());
                answers.add(store.readIntervals(runId, key, new long[] {0, 16, 32, 64, 96, 160, 256, 512}, 1_023).orElseThrow().toString());
            }
        }
        return answers;
    }

    /**
     * Gives the ended runs' series a min level of 4 and level-4 envelope rows, as databases written before sealed blocks
     * have them. Their first and last values are left out: compaction drops these rows without reading them.
     */
    private void keepLevel4RowsInEndedRuns() throws SQLException {
        var ended = "('" + String.join("', '", FINISHED) + "')";
        try (var connection = connect(); var statement = connection.createStatement()) {
            statement.execute("""
                    INSERT INTO metric_chunks (series_id, level, chunk_index, point_count, nan_count, min_value, max_value, sum_value,
                                               first_step, first_timestamp_ms, first_value, last_step, last_timestamp_ms, last_value)
                    SELECT p.series_id, 4, p.step >> 4, COUNT(*), SUM(p.is_nan), MIN(p.value), MAX(p.value), SUM(p.value),
                           MIN(p.step), MIN(p.timestamp_ms), NULL, MAX(p.step), MAX(p.timestamp_ms), NULL
                    FROM metric_points p JOIN metric_series s ON s.series_id = p.series_id
                    WHERE s.run_id IN""" + ended + " GROUP BY p.series_id, p.step >> 4");
            statement.execute("UPDATE metric_series SET min_level = 4 WHERE run_id IN " + ended);
        }
        assertThat(count("SELECT COUNT(*) FROM metric_chunks WHERE level = 4")).isPositive();
    }

    /** Moves every block back into metric_points as raw rows, the way points were stored before V011. */
    private void unsealEverything() throws SQLException {
        try (var connection = connect()) {
            connection.setAutoCommit(false);
            try (var blocks = connection.createStatement().executeQuery("SELECT series_id, data FROM metric_blocks");
                 var insert = connection.prepareStatement(
                         "INSERT INTO metric_points (series_id, step, timestamp_ms, value, is_nan) VALUES (?, ?, ?, ?, ?)")) {
                while (blocks.next()) {
                    var block = PointBlockCodec.decode(blocks.getBytes(2));
                    for (int i = 0; i < block.size(); i++) {
                        boolean nan = Double.isNaN(block.values()[i]);
                        insert.setLong(1, blocks.getLong(1));
                        insert.setLong(2, block.steps()[i]);
                        insert.setLong(3, block.timestampsMs()[i]);
                        insert.setDouble(4, nan ? 0 : block.values()[i]);
                        insert.setInt(5, nan ? 1 : 0);
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
            connection.createStatement().execute("DELETE FROM metric_blocks");
            connection.commit();
        }
    }

    /** The database setting, as --db takes it; the same database for the whole test. */
    protected abstract String database();

    protected abstract Connection connect() throws SQLException;

    /** True when a table's measured bytes drop as soon as its rows are deleted (SQLite; PostgreSQL waits for VACUUM). */
    protected abstract boolean freedPagesLeaveTheTables();

    private long count(String sql) throws SQLException {
        try (var connection = connect(); var rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<String> dump(String sql) throws SQLException {
        var rows = new ArrayList<String>();
        try (var connection = connect(); var rs = connection.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getLong(1) + " " + rs.getLong(2) + " " + rs.getLong(3) + " " + java.util.HexFormat.of().formatHex(rs.getBytes(4)));
            }
        }
        return rows;
    }

    private static String run(String... args) {
        var out = new ByteArrayOutputStream();
        var previous = System.out;
        System.setOut(new PrintStream(out, true));
        try {
            assertThat(new CommandLine(new dev.sextant.server.Main()).execute(args)).as(String.join(" ", args)).isZero();
        } finally {
            System.setOut(previous);
        }
        return out.toString();
    }
}
