package dev.sextant.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.domain.EnvelopeBucket;
import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.domain.MetricSummary;
import dev.sextant.server.domain.RawPoint;
import dev.sextant.server.domain.Run;
import dev.sextant.server.domain.RunStatus;
import dev.sextant.server.domain.ViewType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One rule for "first" and "last" on every read path: the least and the greatest point in the series' raw order,
 * (step, timestamp, value) with a NaN compared as the 0 it is stored as and placed just after a real 0 (MLflow's
 * latest-metric rule). Randomized series full of ties, NaN and infinities, logged shuffled in several batches with
 * re-sends, are read back through summaries, raw history, envelopes at many bucket counts and ranges, interval reads
 * (group statistics) and search, and each is compared with a brute-force reference.
 */
public abstract class TiedPointsContract {
    private static final long NOW = 1_700_000_000_000L;
    private static final double[] VALUES = {-2, -1, 0, 1, 2, 3.5, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, -1e300, 1e300};
    private static final int[] BUCKET_COUNTS = {1, 2, 3, 7, 16, 100, 256, 257, 1000, 5000};

    protected TrackingStore store;
    private final Random random = new Random(14);

    /** A new store over an empty, freshly migrated database. */
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
    void two_values_at_one_step_and_time_give_the_greater_as_last_everywhere_whatever_their_order() {
        for (var values : List.of(new double[] {2.0, 1.0}, new double[] {1.0, 2.0})) {
            var runId = createRun();
            log(runId, new MetricPoint("k", values[0], NOW, 5));
            log(runId, new MetricPoint("k", values[1], NOW, 5));
            var summary = summary(runId, "k");
            assertThat(summary.last()).isEqualTo(2.0);
            assertThat(summary.first()).isEqualTo(1.0);
            for (int buckets : BUCKET_COUNTS) {
                var bucket = store.readEnvelope(runId, "k", buckets, null, null).orElseThrow().buckets().get(0);
                assertThat(bucket.last()).as("last in %d buckets", buckets).isEqualTo(2.0);
                assertThat(bucket.first()).as("first in %d buckets", buckets).isEqualTo(1.0);
            }
        }
    }

    @Test
    void a_tie_at_the_end_of_a_long_series_gives_one_last_value_at_every_bucket_count() {
        var runId = createRun();
        var points = new ArrayList<MetricPoint>();
        for (int step = 0; step < 4_096; step++) points.add(new MetricPoint("k", step - 1, NOW + step, step));
        log(runId, points.toArray(MetricPoint[]::new));
        log(runId, new MetricPoint("k", 2.0, NOW + 5_000, 4_095));
        log(runId, new MetricPoint("k", 1.0, NOW + 5_000, 4_095));
        assertThat(summary(runId, "k").last()).isEqualTo(2.0);
        for (int buckets : BUCKET_COUNTS) {
            var envelope = store.readEnvelope(runId, "k", buckets, null, null).orElseThrow();
            var last = envelope.buckets().get(envelope.buckets().size() - 1);
            assertThat(last.last()).as("last in %d buckets", buckets).isEqualTo(2.0);
        }
    }

    @Test
    void every_read_path_agrees_with_a_brute_force_reference_on_random_series_with_ties() {
        var lastByRun = new LinkedHashMap<String, Double>();
        for (int trial = 0; trial < 30; trial++) {
            var runId = createRun();
            var points = randomSeries(trial);
            logShuffledWithResends(runId, points);
            var oracle = new PointOracle(points);
            var description = "trial " + trial;
            checkSummary(runId, oracle, description);
            checkRawHistory(runId, oracle, description);
            checkEnvelopes(runId, oracle, description);
            checkIntervals(runId, oracle, description);
            lastByRun.put(runId, last(oracle.points()).value());
        }
        checkSearch(lastByRun);
    }

    // The series: few steps and timestamps so that points tie, values with many repeats, NaN and infinities.

    private List<MetricPoint> randomSeries(int trial) {
        int steps = 1 + random.nextInt(trial % 3 == 0 ? 5 : 300);
        long spacing = trial % 4 == 1 ? 1 + random.nextInt(5_000) : 1;
        long offset = trial % 5 == 2 ? -random.nextInt(100_000) : 0; // MLflow allows negative steps
        if (trial % 7 == 3) offset = Long.MAX_VALUE - (steps - 1) * spacing; // the extremes MLflow allows
        if (trial % 7 == 5) offset = Long.MIN_VALUE;
        int timestamps = 1 + random.nextInt(3);
        int count = 1 + random.nextInt(trial % 3 == 0 ? 20 : 2_000);
        var points = new ArrayList<MetricPoint>();
        for (int i = 0; i < count; i++) {
            long step = offset + random.nextInt(steps) * spacing;
            long timestampMs = NOW + random.nextInt(timestamps);
            double value = random.nextInt(4) == 0 ? random.nextInt(1000) / 8.0 : VALUES[random.nextInt(VALUES.length)];
            points.add(new MetricPoint("k", value, timestampMs, step));
        }
        return points;
    }

    /** Shuffled, in batches of random sizes; some batches and single points are sent again later. */
    private void logShuffledWithResends(String runId, List<MetricPoint> points) {
        var shuffled = new ArrayList<>(points);
        Collections.shuffle(shuffled, random);
        var sent = new ArrayList<List<MetricPoint>>();
        for (int i = 0; i < shuffled.size(); ) {
            int size = 1 + random.nextInt(Math.max(1, shuffled.size() / 3));
            var batch = new ArrayList<>(shuffled.subList(i, Math.min(shuffled.size(), i + size)));
            if (random.nextBoolean() && !sent.isEmpty()) batch.addAll(sent.get(random.nextInt(sent.size())));
            store.logBatch(runId, batch, Map.of(), Map.of());
            sent.add(batch);
            i += size;
        }
        store.logBatch(runId, sent.get(random.nextInt(sent.size())), Map.of(), Map.of());
    }

    // The read paths, each against the reference.

    private void checkSummary(String runId, PointOracle oracle, String description) {
        var summary = summary(runId, "k");
        var first = oracle.points().get(0);
        var last = last(oracle.points());
        assertThat(summary.count()).as(description).isEqualTo(oracle.points().size());
        assertThat(new RawPoint(summary.lastStep(), summary.lastTimestampMs(), summary.last())).as(description + " summary last")
                .isEqualTo(last);
        assertThat(new RawPoint(summary.firstStep(), first.timestampMs(), summary.first())).as(description + " summary first")
                .isEqualTo(first);
        var run = store.findRun(runId).orElseThrow();
        assertThat(run.metrics()).as(description + " the run's metrics").containsExactly(summary);
    }

    private void checkRawHistory(String runId, PointOracle oracle, String description) {
        var all = new ArrayList<RawPoint>();
        String token = null;
        do {
            var page = store.readPoints(runId, "k", null, null, 1 + random.nextInt(500), token);
            all.addAll(page.items());
            token = page.nextPageToken();
        } while (token != null);
        assertThat(all).as(description + " raw history").isEqualTo(oracle.points());
    }

    private void checkEnvelopes(String runId, PointOracle oracle, String description) {
        long low = oracle.points().get(0).step();
        long high = last(oracle.points()).step();
        var ranges = new ArrayList<long[]>();
        ranges.add(null);
        for (int i = 0; i < 6; i++) {
            long a = stepAround(low, high);
            long b = stepAround(low, high);
            ranges.add(new long[] {Math.min(a, b), Math.max(a, b)});
        }
        for (var range : ranges) {
            for (int buckets : BUCKET_COUNTS) {
                var envelope = store.readEnvelope(runId, "k", buckets, range == null ? null : range[0],
                        range == null ? null : range[1]).orElseThrow();
                var about = description + " envelope " + envelope.fromStep() + ".." + envelope.toStep() + " in " + buckets;
                long counted = 0;
                for (var bucket : envelope.buckets()) {
                    checkBucket(bucket, oracle.bucket(bucket.startStep(), bucket.endStep()), about);
                    counted += bucket.count();
                }
                assertThat(counted).as(about).isEqualTo(oracle.between(envelope.fromStep(), envelope.toStep()).size());
                if (range == null) {
                    var lastBucket = envelope.buckets().get(envelope.buckets().size() - 1);
                    assertThat(lastBucket.last()).as(about + ": last bucket's last is the summary's")
                            .isEqualTo(summary(runId, "k").last());
                }
            }
        }
    }

    /** Group statistics and x-metric reads summarise arbitrary step intervals. */
    private void checkIntervals(String runId, PointOracle oracle, String description) {
        long low = oracle.points().get(0).step();
        long high = last(oracle.points()).step();
        for (int attempt = 0; attempt < 5; attempt++) {
            var starts = new TreeSet<Long>();
            int count = 1 + random.nextInt(40);
            for (int i = 0; i < count; i++) starts.add(stepAround(low, high));
            long[] startArray = starts.stream().mapToLong(Long::longValue).toArray();
            long lastStep = Math.max(startArray[startArray.length - 1], high - random.nextInt(3));
            var buckets = store.readIntervals(runId, "k", startArray, lastStep).orElseThrow();
            for (var bucket : buckets) {
                checkBucket(bucket, oracle.bucket(bucket.startStep(), bucket.endStep()), description + " intervals");
            }
        }
    }

    private static void checkBucket(EnvelopeBucket bucket, EnvelopeBucket expected, String about) {
        assertThat(expected).as(about + ": bucket " + bucket + " holds no points").isNotNull();
        assertThat(bucket.count()).as(about).isEqualTo(expected.count());
        assertThat(new RawPoint(bucket.firstStep(), bucket.firstTimestampMs(), bucket.first())).as(about + " first of " + bucket)
                .isEqualTo(new RawPoint(expected.firstStep(), expected.firstTimestampMs(), expected.first()));
        assertThat(new RawPoint(bucket.lastStep(), bucket.lastTimestampMs(), bucket.last())).as(about + " last of " + bucket)
                .isEqualTo(new RawPoint(expected.lastStep(), expected.lastTimestampMs(), expected.last()));
        assertThat(Double.valueOf(bucket.min())).as(about + " min").isEqualTo(Double.valueOf(expected.min()));
        assertThat(Double.valueOf(bucket.max())).as(about + " max").isEqualTo(Double.valueOf(expected.max()));
    }

    /** Search orders and filters by the last value: real values in order, then NaN, then runs without the metric. */
    private void checkSearch(Map<String, Double> lastByRun) {
        var withoutMetric = createRun();
        Comparator<Map.Entry<String, Double>> byValue = (a, b) -> {
            boolean nanA = Double.isNaN(a.getValue());
            boolean nanB = Double.isNaN(b.getValue());
            return nanA || nanB ? Boolean.compare(nanA, nanB) : Double.compare(a.getValue(), b.getValue());
        };
        for (boolean ascending : new boolean[] {true, false}) {
            Comparator<Map.Entry<String, Double>> direction = ascending ? byValue : (a, b) -> {
                boolean nanA = Double.isNaN(a.getValue());
                boolean nanB = Double.isNaN(b.getValue());
                return nanA || nanB ? Boolean.compare(nanA, nanB) : Double.compare(b.getValue(), a.getValue());
            };
            var expected = lastByRun.entrySet().stream()
                    .sorted(direction.thenComparing(Map.Entry::getKey)).map(Map.Entry::getKey).collect(java.util.stream.Collectors.toList());
            expected.add(withoutMetric);
            var found = search("", List.of("metrics.k " + (ascending ? "ASC" : "DESC")));
            assertThat(found).extracting(Run::runId).as("order by metrics.k " + (ascending ? "ASC" : "DESC"))
                    .containsExactlyElementsOf(expected);
        }
        for (double value : new double[] {-2, -1, 0, 1, 2, 3.5}) {
            var expected = lastByRun.entrySet().stream().filter(e -> e.getValue() == value).map(Map.Entry::getKey).sorted().toList();
            var found = search("metrics.k = " + value, List.of()).stream().map(Run::runId).sorted().toList();
            assertThat(found).as("metrics.k = " + value).isEqualTo(expected);
        }
    }

    private List<Run> search(String filter, List<String> orderBy) {
        return store.searchRuns(new RunQuery(List.of("0"), filter, orderBy, ViewType.ACTIVE_ONLY, 1000, null)).items();
    }

    // Helpers

    /** A random step in [low − 10, high + 10], kept within the range of a long. */
    private long stepAround(long low, long high) {
        long from = low < Long.MIN_VALUE + 10 ? Long.MIN_VALUE : low - 10;
        long to = high > Long.MAX_VALUE - 10 ? Long.MAX_VALUE : high + 10;
        return from + (long) (random.nextDouble() * (to - from));
    }

    private static RawPoint last(List<RawPoint> points) {
        return points.get(points.size() - 1);
    }

    private MetricSummary summary(String runId, String key) {
        return store.listMetrics(runId).stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
    }

    private void log(String runId, MetricPoint... points) {
        store.logBatch(runId, List.of(points), Map.of(), Map.of());
    }

    private String createRun() {
        var bytes = new byte[16];
        random.nextBytes(bytes);
        var runId = HexFormat.of().formatHex(bytes);
        store.createRun(new NewRun(runId, "0", "run", RunStatus.RUNNING, NOW, "", null, "", Map.of(), Map.of()));
        return runId;
    }
}
