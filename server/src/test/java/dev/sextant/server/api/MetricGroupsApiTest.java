package dev.sextant.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * POST /api/v1/metrics/groups against a direct computation on the raw points (read back with raw=true) of a
 * randomised sweep: irregular steps with long gaps, NaN and infinite points, runs without the metric.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricGroupsApiTest {
    /** t(0.975, df) for df = 1..12 from scipy.stats.t.ppf 1.14.1, independent of the server's own quantile. */
    private static final double[] T975 = {Double.NaN, 12.706204736174707, 4.302652729749464, 3.182446305284263,
            2.7764451051977987, 2.570581835636314, 2.4469118511449692, 2.3646242515927844, 2.3060041352041662,
            2.2621571627982053, 2.2281388519649385, 2.200985160082949, 2.1788128296634177};
    private static final long SEED = 20261216L;

    @TempDir static Path dataDir;
    Server server;
    ApiClient api;
    String experimentId;
    final Map<String, JsonNode> runs = new LinkedHashMap<>();

    /** The database setting; null keeps the embedded SQLite file. */
    String database() {
        return null;
    }

    @BeforeAll
    void seed() {
        var embedded = ServerConfig.embedded("127.0.0.1", 0, dataDir);
        var database = database();
        server = Server.start(database == null ? embedded : new ServerConfig(embedded.host(), embedded.port(),
                embedded.dataDir(), database, embedded.artifacts()));
        api = new ApiClient(server.port());
        var random = new Random(SEED);
        String[] lrs = {"0.1", "0.01", "0.001"};
        for (int r = 0; r < 9; r++) {
            long start = 1_700_000_000_000L + r * 1000L;
            var body = new HashMap<String, Object>(Map.of("experiment_name", "groups", "start_time_ms", start,
                    "config", Map.of("lr", Double.parseDouble(lrs[r % 3])), "tags", Map.of("team", r < 5 ? "a" : "b")));
            var run = post("/api/v1/runs", body);
            experimentId = run.get("experiment_id").asText();
            var runId = run.get("run_id").asText();
            if (r != 4) logLoss(runId, random, start, r);
            runs.put(runId, api.get("/api/v1/runs/" + runId).body());
        }
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private JsonNode post(String path, Object body) {
        var response = api.post(path, api.json(body));
        assertThat(response.status()).as(response.body().toString()).isBetween(200, 201);
        return response.body();
    }

    /** Irregular steps (gaps of 1..40, now and then 3,000), NaN and ±Infinity now and then, an epoch that steps up. */
    private void logLoss(String runId, Random random, long start, int r) {
        var points = new ArrayList<Map<String, Object>>();
        long step = random.nextInt(200);
        long time = start + random.nextInt(5000);
        double epoch = 0;
        int count = 2000 + random.nextInt(4000);
        for (int i = 0; i < count; i++) {
            step += random.nextInt(100) < 2 ? 3000 : 1 + random.nextInt(40);
            time += 1 + random.nextInt(300);
            double u = random.nextDouble();
            Object value = u < 0.02 ? "NaN" : u < 0.025 && r == 7 ? "Infinity" : (Object) (1.0 / (1 + r) + random.nextGaussian());
            points.add(Map.of("key", "loss", "value", value, "step", step, "timestamp_ms", time));
            if (i % 37 == 0 && step > 300) {
                epoch += random.nextInt(3) * 0.5;
                points.add(Map.of("key", "epoch", "value", epoch, "step", step, "timestamp_ms", time));
            }
        }
        // A whole stretch of only NaN, so some buckets hold a NaN mean.
        for (int i = 0; i < 50; i++) points.add(Map.of("key", "loss", "value", "NaN", "step", step + 10 + i, "timestamp_ms", time + i));
        post("/api/v1/runs/" + runId + "/metrics", Map.of("metrics", points));
    }

    // ---- the oracle: direct computation on raw points ----

    record Point(long step, long timestampMs, double value) {}

    private final Map<String, List<Point>> rawCache = new HashMap<>();

    private List<Point> raw(String runId, String key) {
        return rawCache.computeIfAbsent(runId + "/" + key, k -> fetchRaw(runId, key));
    }

    private List<Point> fetchRaw(String runId, String key) {
        var response = api.get("/api/v1/runs/" + runId + "/metrics/" + key + "?raw=true&max_results=100000");
        var points = new ArrayList<Point>();
        if (response.status() == 404) return points;
        for (var p : response.body().get("points")) {
            points.add(new Point(p.get("step").asLong(), p.get("timestamp_ms").asLong(), number(p.get("value"))));
        }
        return points;
    }

    private static double number(JsonNode node) {
        return node.isTextual() ? Double.parseDouble(node.asText()) : node.asDouble();
    }

    /** Where a point goes: its bucket index, or -1. */
    interface Bucketing {
        int indexOf(String runId, Point point);
    }

    /** Expected buckets of one group, keyed by bucket index: the stats of the runs' bucket means. */
    private Map<Integer, double[]> expected(List<String> runIds, String key, Bucketing bucketing) {
        var perBucket = new java.util.TreeMap<Integer, List<Double>>();
        for (var runId : runIds) {
            var sums = new HashMap<Integer, double[]>(); // count, nan count, sum
            for (var point : raw(runId, key)) {
                int index = bucketing.indexOf(runId, point);
                if (index < 0) continue;
                var acc = sums.computeIfAbsent(index, i -> new double[3]);
                acc[0]++;
                if (Double.isNaN(point.value())) acc[1]++;
                else acc[2] += point.value();
            }
            sums.forEach((index, acc) -> perBucket.computeIfAbsent(index, i -> new ArrayList<>())
                    .add(acc[0] == acc[1] ? Double.NaN : acc[2] / (acc[0] - acc[1])));
        }
        var result = new java.util.TreeMap<Integer, double[]>();
        perBucket.forEach((index, values) -> result.put(index, stats(values)));
        return result;
    }

    /** n, nan_runs, mean, median, min, max, std, stderr, ci95_low, ci95_high (NaN = null). */
    private static double[] stats(List<Double> values) {
        var finite = values.stream().filter(Double::isFinite).mapToDouble(Double::doubleValue).sorted().toArray();
        int n = finite.length;
        var s = new double[10];
        Arrays.fill(s, Double.NaN);
        s[0] = n;
        s[1] = values.size() - n;
        if (n == 0) return s;
        s[2] = Arrays.stream(finite).sum() / n;
        s[3] = n % 2 == 1 ? finite[n / 2] : (finite[n / 2 - 1] + finite[n / 2]) / 2;
        s[4] = finite[0];
        s[5] = finite[n - 1];
        if (n > 1) {
            double squares = 0;
            for (double v : finite) squares += (v - s[2]) * (v - s[2]);
            s[6] = Math.sqrt(squares / (n - 1));
            s[7] = s[6] / Math.sqrt(n);
            s[8] = s[2] - T975[n - 1] * s[7];
            s[9] = s[2] + T975[n - 1] * s[7];
        }
        return s;
    }

    private static final String[] FIELDS = {"n", "nan_runs", "mean", "median", "min", "max", "std", "stderr", "ci95_low", "ci95_high"};

    /** Every group's buckets equal the oracle's, field by field; returns how many buckets were compared. */
    private int assertGroupsMatch(JsonNode response, String key, Bucketing bucketing, BoundsCheck bounds) {
        int compared = 0;
        for (var group : response.get("groups")) {
            var runIds = new ArrayList<String>();
            group.get("run_ids").forEach(id -> runIds.add(id.asText()));
            var expected = expected(runIds, key, bucketing);
            var actual = new java.util.TreeMap<Integer, JsonNode>();
            for (var bucket : group.get("buckets")) actual.put(bounds.indexOf(bucket), bucket);
            assertThat(actual.keySet()).as("buckets of group " + group.get("group")).isEqualTo(expected.keySet());
            for (var entry : expected.entrySet()) {
                var bucket = actual.get(entry.getKey());
                bounds.check(entry.getKey(), bucket);
                for (int f = 0; f < FIELDS.length; f++) {
                    double want = entry.getValue()[f];
                    var got = bucket.get(FIELDS[f]);
                    var what = FIELDS[f] + " of bucket " + bucket + " in group " + group.get("group");
                    if (Double.isNaN(want)) {
                        assertThat(got.isNull()).as(what + " should be null").isTrue();
                    } else {
                        assertThat(got.isNumber()).as(what).isTrue();
                        assertThat(got.asDouble()).as(what).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-9 * (1 + Math.abs(want))));
                    }
                }
                compared++;
            }
            var without = new ArrayList<String>();
            for (var runId : runIds) {
                boolean any = raw(runId, key).stream().anyMatch(point -> bucketing.indexOf(runId, point) >= 0);
                if (!any) without.add(runId);
            }
            assertThat(texts(group.get("runs_without_points"))).isEqualTo(without);
        }
        return compared;
    }

    interface BoundsCheck {
        int indexOf(JsonNode bucket);

        void check(int index, JsonNode bucket);
    }

    private static List<String> texts(JsonNode array) {
        var list = new ArrayList<String>();
        array.forEach(node -> list.add(node.isNull() ? null : node.asText()));
        return list;
    }

    private JsonNode groups(Map<String, Object> body) {
        return post("/api/v1/metrics/groups", body);
    }

    /** The envelope's bucket width: about (to − from) / buckets rounded up to a whole number of 16^k steps. */
    private static long stepWidth(long from, long to, int buckets) {
        long raw = (to - from) / buckets + 1;
        long span = 1;
        while (span * 16 <= raw) span *= 16;
        return span == 1 ? raw : span * ((raw + span - 1) / span);
    }

    private BoundsCheck stepBounds(long from, long to, long width) {
        return new BoundsCheck() {
            public int indexOf(JsonNode bucket) {
                return (int) (Math.floorDiv(bucket.get("x_start").asLong(), width) - Math.floorDiv(from, width));
            }

            public void check(int index, JsonNode bucket) {
                long k = Math.floorDiv(from, width) + index;
                assertThat(bucket.get("x_start").asLong()).isEqualTo(Math.max(from, k * width));
                assertThat(bucket.get("x_end").asLong()).isEqualTo(Math.min(to, (k + 1) * width - 1));
            }
        };
    }

    private static BoundsCheck valueBounds(double from, double to, int count) {
        double width = (to - from) / count;
        return new BoundsCheck() {
            public int indexOf(JsonNode bucket) {
                return (int) Math.round((bucket.get("x_start").asDouble() - from) / width);
            }

            public void check(int index, JsonNode bucket) {
                assertThat(bucket.get("x_start").asDouble()).isEqualTo(from + index * width);
                assertThat(bucket.get("x_end").asDouble()).isEqualTo(index == count - 1 ? to : from + (index + 1) * width);
            }
        };
    }

    private static int valueIndex(double x, double from, double to, int count) {
        if (!(x >= from && x <= to)) return -1;
        return Math.min(count - 1, (int) Math.floor((x - from) / ((to - from) / count)));
    }

    @Test
    void step_buckets_by_learning_rate_match_a_direct_computation_on_the_raw_points() {
        var response = groups(Map.of("experiment_ids", List.of(experimentId), "group_by", List.of("params.lr"),
                "key", "loss", "buckets", 37));
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        for (var runId : runs.keySet()) {
            for (var point : raw(runId, "loss")) {
                from = Math.min(from, point.step());
                to = Math.max(to, point.step());
            }
        }
        assertThat(response.get("x").asText()).isEqualTo("step");
        assertThat(response.get("from").asLong()).isEqualTo(from);
        assertThat(response.get("to").asLong()).isEqualTo(to);
        assertThat(response.get("groups")).hasSize(3);
        assertThat(response.get("groups").get(0).get("group").get("params.lr").asText()).isEqualTo("0.001");
        long width = stepWidth(from, to, 37);
        long f = from;
        long t = to;
        int compared = assertGroupsMatch(response, "loss",
                (runId, point) -> point.step() < f || point.step() > t ? -1 : (int) (Math.floorDiv(point.step(), width) - Math.floorDiv(f, width)),
                stepBounds(from, to, width));
        assertThat(compared).isGreaterThan(60);
    }

    @Test
    void a_step_range_and_two_keys_give_their_combinations_and_the_same_numbers() {
        var response = groups(Map.of("experiment_ids", List.of(experimentId), "group_by", List.of("params.lr", "tags.team"),
                "key", "loss", "buckets", 100, "from", 1234, "to", 40_000));
        assertThat(response.get("groups")).hasSize(6);
        long width = stepWidth(1234, 40_000, 100);
        int compared = assertGroupsMatch(response, "loss",
                (runId, point) -> point.step() < 1234 || point.step() > 40_000 ? -1
                        : (int) (Math.floorDiv(point.step(), width) - Math.floorDiv(1234L, width)),
                stepBounds(1234, 40_000, width));
        assertThat(compared).isGreaterThan(200);
    }

    @Test
    void an_x_metric_pairs_each_point_with_its_latest_value_and_matches_a_direct_computation() {
        var response = groups(Map.of("experiment_ids", List.of(experimentId), "group_by", List.of("params.lr"),
                "key", "loss", "x", "metric:epoch", "buckets", 25));
        // x of a point: the latest epoch at or before its step.
        var epochs = new HashMap<String, List<Point>>();
        runs.keySet().forEach(runId -> epochs.put(runId, raw(runId, "epoch")));
        java.util.function.BiFunction<String, Point, Double> xOf = (runId, point) -> {
            Double x = null;
            for (var e : epochs.get(runId)) if (e.step() <= point.step()) x = e.value();
            return x;
        };
        double from = Double.POSITIVE_INFINITY;
        double to = Double.NEGATIVE_INFINITY;
        for (var runId : runs.keySet()) {
            for (var point : raw(runId, "loss")) {
                var x = xOf.apply(runId, point);
                if (x == null) continue;
                from = Math.min(from, x);
                to = Math.max(to, x);
            }
        }
        assertThat(response.get("x").asText()).isEqualTo("metric:epoch");
        assertThat(response.get("from").asDouble()).isEqualTo(from);
        assertThat(response.get("to").asDouble()).isEqualTo(to);
        double f = from;
        double t = to;
        int compared = assertGroupsMatch(response, "loss", (runId, point) -> {
            var x = xOf.apply(runId, point);
            return x == null ? -1 : valueIndex(x, f, t, 25);
        }, valueBounds(from, to, 25));
        assertThat(compared).isGreaterThan(30);
    }

    @Test
    void the_single_run_envelope_buckets_by_an_x_metric_exactly() {
        var runId = List.copyOf(runs.keySet()).get(1);
        var response = api.get("/api/v1/runs/" + runId + "/metrics/loss?x=metric:epoch&buckets=12");
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        var body = response.body();
        var epochs = raw(runId, "epoch");
        double from = body.get("from").asDouble();
        double to = body.get("to").asDouble();
        var sums = new java.util.TreeMap<Integer, double[]>(); // count, nan, sum, min, max
        for (var point : raw(runId, "loss")) {
            Double x = null;
            for (var e : epochs) if (e.step() <= point.step()) x = e.value();
            if (x == null) continue;
            var acc = sums.computeIfAbsent(valueIndex(x, from, to, 12), i -> new double[] {0, 0, 0, Double.NaN, Double.NaN});
            acc[0]++;
            if (Double.isNaN(point.value())) acc[1]++;
            else {
                acc[2] += point.value();
                acc[3] = Double.isNaN(acc[3]) ? point.value() : Math.min(acc[3], point.value());
                acc[4] = Double.isNaN(acc[4]) ? point.value() : Math.max(acc[4], point.value());
            }
        }
        assertThat(body.get("x").asText()).isEqualTo("metric:epoch");
        assertThat(body.get("buckets")).hasSize(sums.size());
        int i = 0;
        for (var entry : sums.entrySet()) {
            var bucket = body.get("buckets").get(i++);
            var acc = entry.getValue();
            assertThat(bucket.get("x_start").asDouble()).isEqualTo(from + entry.getKey() * ((to - from) / 12));
            assertThat(bucket.get("count").asLong()).isEqualTo((long) acc[0]);
            if (acc[0] > acc[1]) {
                assertThat(number(bucket.get("mean"))).isCloseTo(acc[2] / (acc[0] - acc[1]), org.assertj.core.data.Offset.offset(1e-9));
                assertThat(number(bucket.get("min"))).isEqualTo(acc[3]);
                assertThat(number(bucket.get("max"))).isEqualTo(acc[4]);
            }
        }
    }

    @Test
    void relative_time_buckets_the_points_by_their_own_timestamps() {
        var response = groups(Map.of("run_ids", new ArrayList<>(runs.keySet()), "key", "loss", "x", "relative_time", "buckets", 20));
        double from = Double.POSITIVE_INFINITY;
        double to = Double.NEGATIVE_INFINITY;
        for (var entry : runs.entrySet()) {
            long start = entry.getValue().get("start_time_ms").asLong();
            for (var point : raw(entry.getKey(), "loss")) {
                from = Math.min(from, point.timestampMs() - start);
                to = Math.max(to, point.timestampMs() - start);
            }
        }
        assertThat(response.get("groups")).hasSize(1);
        assertThat(response.get("groups").get(0).get("run_ids")).hasSize(9);
        double f = from;
        double t = to;
        int compared = assertGroupsMatch(response, "loss", (runId, point) ->
                valueIndex(point.timestampMs() - runs.get(runId).get("start_time_ms").asLong(), f, t, 20), valueBounds(from, to, 20));
        assertThat(compared).isGreaterThan(15);
    }

    @Test
    void a_run_without_the_metric_is_listed_and_contributes_nothing() {
        var response = groups(Map.of("experiment_ids", List.of(experimentId), "key", "loss", "buckets", 10));
        var group = response.get("groups").get(0);
        assertThat(group.get("group").size()).isZero();
        assertThat(group.get("run_ids")).hasSize(9);
        var without = List.copyOf(runs.keySet()).get(4);
        assertThat(texts(group.get("runs_without_points"))).containsExactly(without);
        for (var bucket : group.get("buckets")) assertThat(bucket.get("n").asInt() + bucket.get("nan_runs").asInt()).isLessThanOrEqualTo(8);
    }

    @Test
    void a_filter_narrows_the_runs() {
        var response = groups(Map.of("experiment_ids", List.of(experimentId), "filter", "tags.team = 'b'", "key", "loss",
                "group_by", List.of("status")));
        assertThat(response.get("groups")).hasSize(1);
        assertThat(response.get("groups").get(0).get("group").get("status").asText()).isEqualTo("RUNNING");
        assertThat(response.get("groups").get(0).get("run_ids")).hasSize(4);
    }

    @Test
    void an_x_metric_that_decreases_is_refused_naming_the_run() {
        var runId = post("/api/v1/runs", Map.of("experiment_name", "groups-bad")).get("run_id").asText();
        post("/api/v1/runs/" + runId + "/metrics", Map.of("metrics", List.of(
                Map.of("key", "tokens", "value", 10, "step", 1), Map.of("key", "tokens", "value", 5, "step", 2),
                Map.of("key", "loss", "value", 1, "step", 1))));
        var response = api.post("/api/v1/metrics/groups", api.json(Map.of("run_ids", List.of(runId), "key", "loss", "x", "metric:tokens")));
        ApiTestBase.assertError(response, 400, "INVALID_PARAMETER_VALUE", "x metric 'tokens' of run " + runId + " must be non-decreasing in step");
    }

    @Test
    void a_point_logged_after_a_group_read_is_in_the_next_one() {
        var runId = post("/api/v1/runs", Map.of("experiment_name", "groups-live")).get("run_id").asText();
        post("/api/v1/runs/" + runId + "/metrics", Map.of("metrics", List.of(
                Map.of("key", "loss", "value", 1, "step", 0), Map.of("key", "loss", "value", 3, "step", 1))));
        var body = Map.<String, Object>of("run_ids", List.of(runId), "key", "loss", "buckets", 1, "from", 0, "to", 15);
        assertThat(groups(body).get("groups").get(0).get("buckets").get(0).get("mean").asDouble()).isEqualTo(2.0);
        post("/api/v1/runs/" + runId + "/metrics", Map.of("metrics", List.of(Map.of("key", "loss", "value", 8, "step", 2))));
        assertThat(groups(body).get("groups").get(0).get("buckets").get(0).get("mean").asDouble()).isEqualTo(4.0);
    }

    @Test
    void malformed_requests_are_refused_with_the_field_named() {
        ApiTestBase.assertError(api.post("/api/v1/metrics/groups", "{\"key\":\"loss\"}"), 400, "INVALID_PARAMETER_VALUE", "experiment_ids or run_ids");
        ApiTestBase.assertError(api.post("/api/v1/metrics/groups", api.json(Map.of("experiment_ids", List.of(experimentId), "key", "loss", "x", "epochs"))),
                400, "INVALID_PARAMETER_VALUE", "x must be step, relative_time, wall_time or metric:<key>");
        ApiTestBase.assertError(api.post("/api/v1/metrics/groups", api.json(Map.of("experiment_ids", List.of(experimentId), "key", "loss", "group_by", List.of("lr")))),
                400, "INVALID_PARAMETER_VALUE", "group_by key 'lr'");
        ApiTestBase.assertError(api.post("/api/v1/metrics/groups", api.json(Map.of("experiment_ids", List.of(experimentId), "key", "loss", "from", 1.5))),
                400, "INVALID_PARAMETER_VALUE", "from must be a whole step");
    }
}
