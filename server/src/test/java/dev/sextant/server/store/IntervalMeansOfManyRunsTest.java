package dev.sextant.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sextant.server.domain.IntervalMean;
import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.domain.RunStatus;
import dev.sextant.server.store.postgres.PostgresCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The many-run interval means read (what a group read over step asks): for runs of different shapes read together,
 * with the statements kept between runs, each run's means are the one-run read's, counts match the points and means
 * a direct computation; runs without the series, or that do not exist, are left out.
 */
class IntervalMeansOfManyRunsTest {
    private static final long NOW = 1_700_000_000_000L;

    @TempDir
    Path folder;

    private final Random random = new Random(1606);

    @Test
    void sqlite_reads_many_runs_as_each_alone() {
        check(folder.resolve("sextant.db").toString());
    }

    @Test
    void postgresql_reads_many_runs_as_each_alone() {
        check(PostgresCluster.shared().createDatabase());
    }

    private void check(String database) {
        // Dense (levels 4 … 10 and sealed blocks, a chunk of only NaN), sparse (min level 12), irregular with repeated
        // and negative steps, and one still being written (its last points unsealed).
        var dense = new ArrayList<MetricPoint>();
        for (long step = 0; step < 9_000; step++) {
            dense.add(new MetricPoint("loss", step >= 2_048 && step < 3_072 ? Double.NaN : value(), NOW + step, step));
        }
        var sparse = new ArrayList<MetricPoint>();
        for (int i = 0; i < 40; i++) sparse.add(new MetricPoint("loss", value(), NOW + i, i * 5_000L - 30_000));
        var irregular = new ArrayList<MetricPoint>();
        long step = -700;
        for (int i = 0; i < 4_000; i++) {
            step += random.nextInt(4); // 0: the same step again
            irregular.add(new MetricPoint("loss", value(), NOW + i, step));
        }
        var growing = new ArrayList<MetricPoint>();
        for (long s = 100; s < 5_000; s++) growing.add(new MetricPoint("loss", value(), NOW + s, s));
        var series = List.of(dense, sparse, irregular, growing);
        var runIds = new ArrayList<String>();
        try (var store = StoreFactory.open(database)) {
            for (int r = 0; r < series.size(); r++) {
                var runId = createRun(store, r);
                runIds.add(runId);
                logShuffled(store, runId, series.get(r));
            }
            var withoutLoss = createRun(store, 9);
            store.logBatch(withoutLoss, List.of(new MetricPoint("accuracy", 1, NOW, 0)), Map.of(), Map.of());
            var asked = new ArrayList<>(runIds);
            asked.add(1, withoutLoss);
            asked.add("f".repeat(32)); // no such run
            long last = 9_500;
            for (long[] starts : grids(last)) {
                var many = store.readIntervalMeans(asked, "loss", starts, last);
                assertThat(many.keySet()).as("runs with the series, in the order asked").containsExactlyElementsOf(runIds);
                for (int r = 0; r < runIds.size(); r++) {
                    var alone = store.readIntervalMeans(runIds.get(r), "loss", starts, last).orElseThrow();
                    assertThat(many.get(runIds.get(r))).isEqualTo(alone);
                    checkAgainstPoints(many.get(runIds.get(r)), series.get(r), starts, last);
                }
            }
            assertThat(store.readIntervalMeans(List.of(withoutLoss), "loss", new long[] {0}, last)).isEmpty();
        }
    }

    /** Grids of 1,024-step buckets from several first steps (level 10), of 256 steps, and irregular intervals. */
    private static List<long[]> grids(long last) {
        var grids = new ArrayList<long[]>();
        for (long from : new long[] {-800, 0, 37, 1_024}) grids.add(aligned(from, 1_024, last));
        grids.add(aligned(-1_000, 256, last));
        grids.add(new long[] {-31_000, -699, -5, 17, 2_000, 2_047, 4_100, 8_191});
        return grids;
    }

    private static long[] aligned(long from, long width, long last) {
        var starts = new ArrayList<Long>();
        starts.add(from);
        for (long s = (Math.floorDiv(from, width) + 1) * width; s <= last; s += width) starts.add(s);
        return starts.stream().mapToLong(Long::longValue).toArray();
    }

    private static void checkAgainstPoints(List<IntervalMean> means, List<MetricPoint> points, long[] starts, long last) {
        var expected = new ArrayList<IntervalMean>();
        for (int i = 0; i < starts.length; i++) {
            long lo = starts[i];
            long hi = i + 1 < starts.length ? starts[i + 1] - 1 : last;
            long count = 0;
            long values = 0;
            double sum = 0;
            for (var p : points) {
                if (p.step() < lo || p.step() > hi) continue;
                count++;
                if (!Double.isNaN(p.value())) {
                    values++;
                    sum += p.value();
                }
            }
            if (count > 0) expected.add(new IntervalMean(lo, count, values == 0 ? Double.NaN : sum / values));
        }
        assertThat(means).extracting(IntervalMean::startStep).containsExactlyElementsOf(expected.stream().map(IntervalMean::startStep).toList());
        assertThat(means).extracting(IntervalMean::count).containsExactlyElementsOf(expected.stream().map(IntervalMean::count).toList());
        for (int i = 0; i < means.size(); i++) {
            double want = expected.get(i).mean();
            if (Double.isNaN(want)) assertThat(means.get(i).mean()).isNaN();
            else assertThat(means.get(i).mean()).isCloseTo(want, within(1e-9 * (1 + Math.abs(want))));
        }
    }

    private double value() {
        return random.nextInt(40) == 0 ? Double.NaN : 2.0 + random.nextGaussian();
    }

    private static String createRun(TrackingStore store, int n) {
        var runId = String.format("%032x", 0xabc000 + n);
        store.createRun(new NewRun(runId, "0", "run " + n, RunStatus.RUNNING, NOW, "", null, "", Map.of(), Map.of()));
        return runId;
    }

    /** In shuffled batches, as clients send them; the pyramid and sealed blocks must not depend on the order. */
    private void logShuffled(TrackingStore store, String runId, List<MetricPoint> points) {
        var shuffled = new ArrayList<>(points);
        Collections.shuffle(shuffled, random);
        for (int i = 0; i < shuffled.size(); i += 700) {
            store.logBatch(runId, shuffled.subList(i, Math.min(shuffled.size(), i + 700)), Map.of(), Map.of());
        }
    }
}
