package dev.sextant.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.domain.Envelope;
import dev.sextant.server.domain.EnvelopeBucket;
import dev.sextant.server.domain.IntervalMean;
import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.domain.MetricSummary;
import dev.sextant.server.domain.RawPoint;
import dev.sextant.server.domain.RunStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sealed chunks (ADR 0013) change where points live, never what any read returns: every read path gives the same
 * answer while a series' points are raw, partly sealed and all sealed, and the raw points come back bit for bit.
 * Subclasses supply a fresh store per test.
 */
public abstract class SealedChunksContract {
    private static final long NOW = 1_700_000_000_000L;
    private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0,
        Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 1e-300, -1e300};

    protected TrackingStore store;
    private final Random random = new Random(19);

    protected abstract TrackingStore openStore();

    @BeforeEach
    void openFreshStore() {
        store = openStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void a_random_series_reads_the_same_through_every_path_while_raw_partly_sealed_and_all_sealed() {
        var runId = createRun();
        var points = randomSeries("loss", 0, 1_500);
        // All in one chunk of the series' blocks, logged in one batch: nothing is sealed yet.
        var first = points.subList(0, 200).stream().map(p -> new MetricPoint(p.key(), p.value(), p.timestampMs(), p.step() % 200)).toList();
        store.logBatch(runId, first, Map.of(), Map.of());
        var raw = readEverything(runId, "loss", new PointOracle(first));

        store.updateRun(runId, new RunUpdate(RunStatus.FINISHED, NOW, null, null)); // the run ended: all sealed
        assertSameReads(readEverything(runId, "loss", new PointOracle(first)), raw);

        var all = new ArrayList<>(first);
        all.addAll(points);
        logShuffled(runId, points, 97); // out of order, over sealed and new chunks
        logShuffled(runId, all.subList(0, 900), 300); // re-sent: nothing changes
        var oracle = new PointOracle(all);
        var partly = readEverything(runId, "loss", oracle);
        store.updateRun(runId, new RunUpdate(RunStatus.FINISHED, NOW, null, null));
        assertSameReads(readEverything(runId, "loss", oracle), partly);
    }

    @Test
    void re_sent_points_of_sealed_chunks_are_not_counted_again() {
        var runId = createRun();
        var points = randomSeries("acc", 0, 3_000);
        store.logBatch(runId, points, Map.of(), Map.of());
        store.updateRun(runId, new RunUpdate(RunStatus.FINISHED, NOW, null, null));
        var before = store.listMetrics(runId);
        var distinct = new PointOracle(points).points().size();

        var resent = new ArrayList<>(points.subList(100, 2_000));
        Collections.shuffle(resent, random);
        var result = store.logBatch(runId, resent, Map.of(), Map.of());

        assertThat(result.pointsWritten()).isZero();
        assertThat(store.listMetrics(runId)).isEqualTo(before);
        assertThat(before.get(0).count()).isEqualTo(distinct);
        assertThat(allPoints(runId, "acc", 1_000)).isEqualTo(new PointOracle(points).points());
    }

    @Test
    void a_late_point_in_a_sealed_chunk_is_kept_once_and_read_in_its_place() {
        var runId = createRun();
        var points = new ArrayList<MetricPoint>();
        for (long step = 0; step < 5_000; step += 2) points.add(new MetricPoint("x", step * 0.5, NOW + step, step));
        store.logBatch(runId, points, Map.of(), Map.of());
        var late = List.of(new MetricPoint("x", -1.0, NOW, 301), new MetricPoint("x", Double.NaN, NOW, 300),
                new MetricPoint("x", 150.0, NOW + 300, 300));
        var result = store.logBatch(runId, late, Map.of(), Map.of());
        points.addAll(late.subList(0, 2)); // the third one was stored already

        assertThat(result.pointsWritten()).isEqualTo(2);
        var oracle = new PointOracle(points);
        assertThat(allPoints(runId, "x", 333)).isEqualTo(oracle.points());
        assertThat(store.readPoints(runId, "x", 299L, 302L, 10, null).items()).isEqualTo(oracle.between(299, 302));
        assertThat(store.listMetrics(runId).get(0).count()).isEqualTo(points.size());
    }

    @Test
    void extreme_steps_and_values_come_back_bit_for_bit_once_sealed() {
        var runId = createRun();
        var points = new ArrayList<MetricPoint>();
        long[] steps = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, 1, 1L << 40, Long.MAX_VALUE - 1, Long.MAX_VALUE};
        double[] values = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, 1.0 / 3, -Double.MIN_NORMAL};
        for (int i = 0; i < steps.length; i++) {
            points.add(new MetricPoint("edge", values[i], i % 2 == 0 ? Long.MIN_VALUE + i : Long.MAX_VALUE - i, steps[i]));
        }
        store.logBatch(runId, points, Map.of(), Map.of());
        var oracle = new PointOracle(points);
        var raw = bits(allPoints(runId, "edge", 3));
        var summary = store.listMetrics(runId);
        store.updateRun(runId, new RunUpdate(RunStatus.KILLED, NOW, null, null));

        assertThat(bits(allPoints(runId, "edge", 3))).isEqualTo(raw).isEqualTo(bits(oracle.points()));
        assertThat(store.listMetrics(runId)).isEqualTo(summary);
        assertThat(store.readPoints(runId, "edge", Long.MAX_VALUE - 1, null, 10, null).items())
                .isEqualTo(oracle.between(Long.MAX_VALUE - 1, Long.MAX_VALUE));
    }

    private static void assertSameReads(List<Object> actual, List<Object> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) assertThat(actual.get(i)).as("read #" + i).isEqualTo(expected.get(i));
    }

    /** Every read of the series, each checked against the oracle, as one comparable list. */
    private List<Object> readEverything(String runId, String key, PointOracle oracle) {
        var reads = new ArrayList<Object>();
        for (int pageSize : new int[] {1, 7, 100, 50_000}) {
            var points = allPoints(runId, key, pageSize);
            assertThat(bits(points)).isEqualTo(bits(oracle.points()));
            reads.add(bits(points));
        }
        var all = oracle.points();
        long low = all.get(0).step();
        long high = all.get(all.size() - 1).step();
        var ranges = new Random(7); // the same ranges every time, so reads can be compared
        for (int i = 0; i < 12; i++) {
            long a = low + (long) (ranges.nextDouble() * (high - low));
            long b = low + (long) (ranges.nextDouble() * (high - low));
            long from = Math.min(a, b);
            long to = Math.max(a, b);
            var page = store.readPoints(runId, key, from, to, 100_000, null).items();
            assertThat(bits(page)).isEqualTo(bits(oracle.between(from, to)));
            reads.add(bits(page));
            for (int buckets : new int[] {1, 3, 40, 1_000}) {
                Envelope envelope = store.readEnvelope(runId, key, buckets, i == 0 ? null : from, i == 0 ? null : to).orElseThrow();
                for (var bucket : envelope.buckets()) checkBucket(bucket, oracle);
                reads.add(envelope);
            }
            var starts = new long[] {from, from + (to - from) / 3 + 1, from + (to - from) / 2 + 2};
            if (starts[1] < starts[2] && starts[0] < starts[1]) {
                var intervals = store.readIntervals(runId, key, starts, to).orElseThrow();
                for (var bucket : intervals) checkBucket(bucket, oracle);
                reads.add(intervals);
                var means = store.readIntervalMeans(runId, key, starts, to).orElseThrow();
                reads.add(means.stream().map(m -> new IntervalMean(m.startStep(), m.count(), rounded(m.mean()))).toList());
            }
        }
        List<MetricSummary> summaries = store.listMetrics(runId);
        reads.add(summaries);
        return reads;
    }

    /** Counts, extremes, first and last exactly; the mean up to summation order. */
    private static void checkBucket(EnvelopeBucket bucket, PointOracle oracle) {
        var expected = oracle.bucket(bucket.startStep(), bucket.endStep());
        assertThat(expected).isNotNull();
        var sameMean = new EnvelopeBucket(expected.startStep(), expected.endStep(), expected.count(), expected.min(),
                expected.max(), bucket.mean(), expected.firstStep(), expected.firstTimestampMs(), expected.first(),
                expected.lastStep(), expected.lastTimestampMs(), expected.last());
        assertThat(bucket).isEqualTo(sameMean);
        if (Double.isNaN(expected.mean())) assertThat(bucket.mean()).isNaN();
        else assertThat(bucket.mean()).isCloseTo(expected.mean(), org.assertj.core.api.Assertions.within(1e-9 * (1 + Math.abs(expected.mean()))));
    }

    /** A mean rounded to 12 significant digits: the database and Java sum in different orders. */
    private static double rounded(double mean) {
        if (Double.isNaN(mean) || Double.isInfinite(mean) || mean == 0) return mean;
        return new java.math.BigDecimal(mean).round(new java.math.MathContext(12)).doubleValue();
    }

    private static List<String> bits(List<RawPoint> points) {
        return points.stream().map(p -> p.step() + "/" + p.timestampMs() + "/" + Long.toHexString(Double.doubleToRawLongBits(p.value()))).toList();
    }

    /** Irregular steps (gaps, repeats, negatives), repeated steps with other values, NaN, infinities, tiny and huge values. */
    private List<MetricPoint> randomSeries(String key, long firstStep, int n) {
        var points = new ArrayList<MetricPoint>(n);
        long step = firstStep;
        double value = 1.0;
        for (int i = 0; i < n; i++) {
            step += switch (random.nextInt(10)) {
                case 0 -> 0;
                case 1 -> random.nextInt(3_000);
                case 2 -> -random.nextInt(50);
                default -> 1;
            };
            value = random.nextInt(15) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)]
                    : random.nextBoolean() ? (float) (2.0 + random.nextGaussian()) : 2.0 + random.nextGaussian();
            long ts = NOW + i * 50L + random.nextInt(3); // never tied with another value at one step (see TiedPointsContract)
            points.add(new MetricPoint(key, value, ts, step));
            if (random.nextInt(20) == 0) points.add(new MetricPoint(key, value, ts, step)); // a duplicate in the batch
        }
        return points;
    }

    private List<RawPoint> allPoints(String runId, String key, int pageSize) {
        var all = new ArrayList<RawPoint>();
        String token = null;
        do {
            var page = store.readPoints(runId, key, null, null, pageSize, token);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(pageSize);
            all.addAll(page.items());
            token = page.nextPageToken();
        } while (token != null);
        return all;
    }

    private void logShuffled(String runId, List<MetricPoint> points, int batchSize) {
        var shuffled = new ArrayList<>(points);
        Collections.shuffle(shuffled, random);
        for (int i = 0; i < shuffled.size(); i += batchSize) {
            store.logBatch(runId, shuffled.subList(i, Math.min(shuffled.size(), i + batchSize)), Map.of(), Map.of());
        }
    }

    private String createRun() {
        var runId = String.format("%032x", random.nextLong() & Long.MAX_VALUE);
        store.createRun(new NewRun(runId, "0", "run", RunStatus.RUNNING, NOW, "", null, "", Map.of(), Map.of()));
        return runId;
    }
}
