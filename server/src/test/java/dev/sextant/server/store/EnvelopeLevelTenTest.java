package dev.sextant.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sextant.server.domain.EnvelopeBucket;
import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.domain.RunStatus;
import dev.sextant.server.store.postgres.PostgresCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Level 10 of the pyramid (ADR 0017): every series that keeps level 8 writes it, grids of 1,024-step buckets read it,
 * and migration 14 fills it in a database written before it existed, the same rows the write path gives (the sum up
 * to summation order), sums past the largest double and infinities of both signs included.
 */
class EnvelopeLevelTenTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final String RUN = "e".repeat(32);
    /** 12 level-10 chunks: steps 0 … 12,287. */
    private static final long LAST_STEP = 12 * 1024 - 1;

    @TempDir
    Path folder;

    private final Random random = new Random(1016);

    @Test
    void sqlite_writes_reads_and_migrates_level_10() throws Exception {
        check(folder.resolve("sextant.db").toString());
    }

    @Test
    void postgresql_writes_reads_and_migrates_level_10() throws Exception {
        check(PostgresCluster.shared().createDatabase());
    }

    private void check(String database) throws Exception {
        var dense = denseSeries();
        var sparse = new ArrayList<MetricPoint>(); // a point every 5,000 steps: min level 12, no level 8 or 10
        for (int i = 0; i < 40; i++) sparse.add(new MetricPoint("sparse", i, NOW + i, i * 5_000L));
        var oneChunk = new ArrayList<MetricPoint>(); // steps 2,048 … 2,900: one level-10 chunk, so it is the summary
        for (long step = 2_048; step <= 2_900; step++) oneChunk.add(new MetricPoint("short", step, NOW + step, step));
        try (var store = StoreFactory.open(database)) {
            store.createRun(new NewRun(RUN, "0", "run", RunStatus.RUNNING, NOW, "", null, "", Map.of(), Map.of()));
            logShuffled(store, dense.subList(0, dense.size() - 3_000));
            store.logBatch(RUN, sparse, Map.of(), Map.of());
            store.logBatch(RUN, oneChunk, Map.of(), Map.of());
            checkReads(store, new PointOracle(dense.subList(0, dense.size() - 3_000)));
        }
        var written = levelTen(database);
        assertThat(written.keySet()).as("level-10 chunks of 'loss' only").allMatch(key -> key.startsWith("loss/"));
        assertThat(written).hasSize(10); // the last 3,000 points are not logged yet: chunks 0 … 9
        var oracle = new PointOracle(dense.subList(0, dense.size() - 3_000));
        written.forEach((key, row) -> {
            long index = Long.parseLong(key.substring("loss/".length()));
            assertSameChunk(row, oracle.bucket(index * 1024, index * 1024 + 1023), oracle, index);
        });
        assertThat(written.get("loss/3")[4]).as("two largest doubles saturate").isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(written.get("loss/5")[4]).as("both infinities: NaN").isNaN();

        // As a database from before migration 14: the same level-8 rows and no level 10.
        execute(database, "DELETE FROM metric_chunks WHERE level = 10", "DELETE FROM flyway_schema_history WHERE version = '014'");
        try (var store = StoreFactory.open(database)) {
            var migrated = levelTen(database);
            assertThat(migrated.keySet()).isEqualTo(written.keySet());
            migrated.forEach((key, row) -> assertSameRow(row, written.get(key), key));
            checkReads(store, oracle);
            // Writes after the migration merge into the filled rows.
            logShuffled(store, dense.subList(dense.size() - 3_000, dense.size()));
            store.updateRun(RUN, new RunUpdate(RunStatus.FINISHED, NOW, null, null));
            var all = new PointOracle(dense);
            checkReads(store, all);
            var after = levelTen(database);
            assertThat(after).hasSize(12);
            after.forEach((key, row) -> {
                long index = Long.parseLong(key.substring("loss/".length()));
                assertSameChunk(row, all.bucket(index * 1024, index * 1024 + 1023), all, index);
            });
        }
    }

    /** Dense steps 0 … LAST_STEP, some NaN; chunk 3 holds two largest doubles in different level-8 chunks, chunk 5 both infinities. */
    private List<MetricPoint> denseSeries() {
        var points = new ArrayList<MetricPoint>();
        for (long step = 0; step <= LAST_STEP; step++) {
            double value = step == 3_100 || step == 3_400 ? Double.MAX_VALUE
                    : step == 5_200 ? Double.POSITIVE_INFINITY
                    : step == 5_500 ? Double.NEGATIVE_INFINITY
                    : random.nextInt(50) == 0 ? Double.NaN
                    : 2.0 + random.nextGaussian();
            points.add(new MetricPoint("loss", value, NOW + step * 10, step));
        }
        // A 1,024-step chunk of nothing but NaN: its sum is 0 over no values.
        for (int i = 0; i < points.size(); i++) {
            var p = points.get(i);
            if (p.step() >= 7_168 && p.step() < 8_192) points.set(i, new MetricPoint("loss", Double.NaN, p.timestampMs(), p.step()));
        }
        return points;
    }

    /** Interval means, intervals and an envelope on grids of 1,024-step buckets (read from level 10), against the oracle. */
    private static void checkReads(TrackingStore store, PointOracle oracle) {
        long last = oracle.points().get(oracle.points().size() - 1).step();
        for (long from : new long[] {0, 37, 1_024}) {
            var starts = new ArrayList<Long>();
            starts.add(from);
            for (long s = (from / 1024 + 1) * 1024; s <= last; s += 1024) starts.add(s);
            long[] grid = starts.stream().mapToLong(Long::longValue).toArray();
            var means = store.readIntervalMeans(RUN, "loss", grid, last).orElseThrow();
            assertThat(means).hasSize(grid.length);
            for (int i = 0; i < grid.length; i++) {
                long end = i + 1 < grid.length ? grid[i + 1] - 1 : last;
                assertThat(means.get(i).startStep()).isEqualTo(grid[i]);
                assertThat(means.get(i).count()).isEqualTo(oracle.between(grid[i], end).size());
                assertMean(means.get(i).mean(), oracle.mean(grid[i], end));
            }
            for (var bucket : store.readIntervals(RUN, "loss", grid, last).orElseThrow()) assertBucket(bucket, oracle);
        }
        int whole = (int) ((last + 1) / 1024);
        var envelope = store.readEnvelope(RUN, "loss", whole, 0L, whole * 1024L - 1).orElseThrow();
        assertThat(envelope.bucketWidth()).isEqualTo(1024);
        for (var bucket : envelope.buckets()) assertBucket(bucket, oracle);
    }

    private static void assertBucket(EnvelopeBucket bucket, PointOracle oracle) {
        var expected = oracle.bucket(bucket.startStep(), bucket.endStep());
        assertThat(new EnvelopeBucket(bucket.startStep(), bucket.endStep(), bucket.count(), bucket.min(), bucket.max(), 0,
                bucket.firstStep(), bucket.firstTimestampMs(), bucket.first(), bucket.lastStep(), bucket.lastTimestampMs(), bucket.last()))
                .isEqualTo(new EnvelopeBucket(expected.startStep(), expected.endStep(), expected.count(), expected.min(),
                        expected.max(), 0, expected.firstStep(), expected.firstTimestampMs(), expected.first(),
                        expected.lastStep(), expected.lastTimestampMs(), expected.last()));
        assertMean(bucket.mean(), expected.mean());
    }

    /** Means up to summation order; infinite and NaN means exactly. */
    private static void assertMean(double actual, double expected) {
        if (Double.isNaN(expected)) assertThat(actual).isNaN();
        else if (Double.isInfinite(expected)) assertThat(actual).isEqualTo(expected);
        else assertThat(actual).isCloseTo(expected, within(1e-9 * (1 + Math.abs(expected))));
    }

    /** A stored level-10 row (count, NaNs, min, max, sum, first step, first time, first, last step, last time, last). */
    private static void assertSameChunk(double[] row, EnvelopeBucket expected, PointOracle oracle, long index) {
        long nan = oracle.between(index * 1024, index * 1024 + 1023).stream().filter(p -> Double.isNaN(p.value())).count();
        double sum = 0;
        for (var p : oracle.between(index * 1024, index * 1024 + 1023)) if (!Double.isNaN(p.value())) sum += p.value();
        assertThat(new double[] {row[0], row[1], row[2], row[3], row[5], row[6], row[7], row[8], row[9], row[10]}).as("chunk " + index)
                .containsExactly(expected.count(), nan, expected.min(), expected.max(), expected.firstStep(),
                        expected.firstTimestampMs(), expected.first(), expected.lastStep(), expected.lastTimestampMs(), expected.last());
        assertMean(row[4], sum);
    }

    private static void assertSameRow(double[] migrated, double[] written, String key) {
        for (int i = 0; i < migrated.length; i++) {
            if (i == 4) assertMean(migrated[i], written[i]);
            else assertThat(Double.valueOf(migrated[i])).as(key + " column " + i).isEqualTo(Double.valueOf(written[i]));
        }
    }

    /** Level-10 rows by "key/chunk index"; NULL values read as NaN. */
    private static Map<String, double[]> levelTen(String database) throws Exception {
        var rows = new TreeMap<String, double[]>();
        var dataSource = StoreFactory.dialect(database).openDataSource();
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement();
             var rs = statement.executeQuery("""
                     SELECT s.key, c.chunk_index, c.point_count, c.nan_count, c.min_value, c.max_value, c.sum_value,
                            c.first_step, c.first_timestamp_ms, c.first_value, c.last_step, c.last_timestamp_ms, c.last_value
                       FROM metric_chunks c JOIN metric_series s ON s.series_id = c.series_id WHERE c.level = 10""")) {
            while (rs.next()) {
                var row = new double[11];
                for (int i = 0; i < 11; i++) {
                    double value = rs.getDouble(3 + i);
                    row[i] = rs.wasNull() ? Double.NaN : value;
                }
                rows.put(rs.getString(1) + "/" + rs.getLong(2), row);
            }
        } finally {
            if (dataSource instanceof AutoCloseable closeable) closeable.close();
        }
        return rows;
    }

    private static void execute(String database, String... sql) throws Exception {
        DataSource dataSource = StoreFactory.dialect(database).openDataSource();
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            for (var each : sql) statement.executeUpdate(each);
        } finally {
            if (dataSource instanceof AutoCloseable closeable) closeable.close();
        }
    }

    private void logShuffled(TrackingStore store, List<MetricPoint> points) {
        var shuffled = new ArrayList<>(points);
        Collections.shuffle(shuffled, random);
        for (int i = 0; i < shuffled.size(); i += 700) {
            store.logBatch(RUN, shuffled.subList(i, Math.min(shuffled.size(), i + 700)), Map.of(), Map.of());
        }
    }
}
