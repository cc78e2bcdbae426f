package dev.sextant.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricApiTest extends ApiTestBase {

    private static String point(String key, Object value, long step, long timestampMs) {
        var v = value instanceof String s ? "\"" + s + "\"" : value.toString();
        return "{\"key\":\"" + key + "\",\"value\":" + v + ",\"step\":" + step + ",\"timestamp_ms\":" + timestampMs + "}";
    }

    private static String batch(List<String> points) {
        return "[" + String.join(",", points) + "]";
    }

    @Test
    void re_sending_the_same_batch_stores_every_point_once() {
        var runId = newRun();
        var points = new ArrayList<String>();
        for (int step = 0; step < 100; step++) points.add(point("loss", 1.0 / (step + 1), step, 1000 + step));
        var first = logPoints(runId, batch(points));
        var again = logPoints(runId, batch(points));
        assertThat(first.body().get("points_written").asInt()).isEqualTo(100);
        assertThat(again.body().get("points_written").asInt()).isZero();
        assertThat(again.body().get("points_already_present").asInt()).isEqualTo(100);
        var summary = api.get("/api/v1/runs/" + runId).body().get("metrics").get("loss");
        assertThat(summary.get("count").asLong()).isEqualTo(100);
        assertThat(summary.get("last").asDouble()).isEqualTo(0.01);
        assertThat(summary.get("mean").asDouble()).isCloseTo(sumOfReciprocals(100) / 100, org.assertj.core.data.Offset.offset(1e-12));
    }

    private static double sumOfReciprocals(int n) {
        double sum = 0;
        for (int i = 1; i <= n; i++) sum += 1.0 / i;
        return sum;
    }

    @Test
    void out_of_order_steps_are_kept_and_last_means_the_greatest_step() {
        var runId = newRun();
        logPoints(runId, batch(List.of(point("acc", 0.9, 9, 1), point("acc", 0.1, 1, 2))));
        logPoints(runId, batch(List.of(point("acc", 0.5, 5, 3), point("acc", 0.0, 0, 4))));
        var summary = api.get("/api/v1/runs/" + runId).body().get("metrics").get("acc");
        assertThat(summary.get("count").asLong()).isEqualTo(4);
        assertThat(summary.get("last").asDouble()).isEqualTo(0.9);
        assertThat(summary.get("last_step").asLong()).isEqualTo(9);
        assertThat(summary.get("first").asDouble()).isEqualTo(0.0);
        var raw = api.get("/api/v1/runs/" + runId + "/metrics/acc?raw=true").body().get("points");
        assertThat(raw.findValuesAsText("step")).containsExactly("0", "1", "5", "9");
    }

    @Test
    void nan_and_infinities_round_trip_as_strings() {
        var runId = newRun();
        logPoints(runId, batch(List.of(point("x", "NaN", 0, 1), point("x", "Infinity", 1, 1),
                point("x", "-Infinity", 2, 1), point("x", 2.5, 3, 1))));
        var raw = api.get("/api/v1/runs/" + runId + "/metrics/x?raw=true").body().get("points");
        assertThat(raw.findValuesAsText("value")).containsExactly("NaN", "Infinity", "-Infinity", "2.5");
        var summary = api.get("/api/v1/runs/" + runId).body().get("metrics").get("x");
        assertThat(summary.get("min").asText()).isEqualTo("-Infinity");
        assertThat(summary.get("max").asText()).isEqualTo("Infinity");
        assertThat(summary.get("first").asText()).isEqualTo("NaN");
        assertThat(summary.get("count").asLong()).isEqualTo(4);
    }

    @Test
    void keys_with_slashes_are_addressable() {
        var runId = newRun();
        logPoints(runId, batch(List.of(point("train/loss", 1, 0, 1))));
        var envelope = api.get("/api/v1/runs/" + runId + "/metrics/train/loss?buckets=10");
        assertThat(envelope.status()).isEqualTo(200);
        assertThat(envelope.body().get("total_count").asLong()).isEqualTo(1);
    }

    @Test
    void a_batch_of_ten_thousand_points_is_one_request_and_a_bad_point_rejects_the_whole_batch() {
        var runId = newRun();
        var points = new ArrayList<String>();
        for (int step = 0; step < 10_000; step++) points.add(point("a", step, step, 5));
        assertThat(logPoints(runId, batch(points)).body().get("points_written").asInt()).isEqualTo(10_000);

        var mixed = new ArrayList<String>();
        for (int step = 10_000; step < 10_010; step++) mixed.add(point("a", step, step, 5));
        mixed.add(point("bad key?", 1, 0, 5));
        assertError(logPoints(runId, batch(mixed)), 400, "INVALID_PARAMETER_VALUE", "bad key?");
        assertThat(api.get("/api/v1/runs/" + runId).body().get("metrics").get("a").get("count").asLong())
                .as("a rejected request changes nothing").isEqualTo(10_000);
    }

    @Test
    void invalid_points_get_errors_that_name_the_item_and_the_field() {
        var runId = newRun();
        assertError(logPoints(runId, "[{\"key\":\"a\",\"value\":1,\"step\":-1}]"), 400, "INVALID_PARAMETER_VALUE",
                "metrics[0].step must be >= 0, got -1");
        assertError(logPoints(runId, "[{\"key\":\"a\",\"value\":1,\"step\":1.5}]"), 400, "INVALID_PARAMETER_VALUE",
                "metrics[0].step must be an integer, got 1.5");
        assertError(logPoints(runId, "[{\"key\":\"a\",\"value\":true}]"), 400, "INVALID_PARAMETER_VALUE",
                "metrics[0].value must be a number");
        assertError(logPoints(runId, "[{\"key\":\"a\",\"value\":\"1.0\"}]"), 400, "INVALID_PARAMETER_VALUE", "\"1.0\"");
        assertError(logPoints(runId, "[{\"value\":1}]"), 400, "INVALID_PARAMETER_VALUE", "metrics[0].key is required");
        assertError(logPoints(runId, "[{\"key\":\"" + "k".repeat(251) + "\",\"value\":1}]"), 400, "INVALID_PARAMETER_VALUE",
                "at most 250");
        assertError(logPoints(runId, "[{\"key\":\"../up\",\"value\":1}]"), 400, "INVALID_PARAMETER_VALUE", "../up");
        assertError(logPoints(runId, "[{\"key\":\"a\",\"value\":1,\"step\":99999999999999999999999}]"), 400,
                "INVALID_PARAMETER_VALUE", "out of range");
        assertError(api.post("/api/v1/runs/" + runId + "/metrics", "{\"metrics\":[{\"key\":\"a\","), 400,
                "INVALID_PARAMETER_VALUE", "malformed JSON");
        assertError(logPoints("ffffffffffffffffffffffffffffffff", "[{\"key\":\"a\",\"value\":1}]"), 404,
                "RESOURCE_DOES_NOT_EXIST", "run");
        assertThat(api.get("/api/v1/runs/" + runId + "/metrics").body().get("metrics")).as("nothing was stored").isEmpty();
    }

    @Test
    void the_envelope_matches_a_brute_force_computation_and_keeps_a_single_spike() {
        var runId = newRun();
        var random = new java.util.Random(7);
        var steps = new ArrayList<Long>();
        var values = new ArrayList<Double>();
        var body = new ArrayList<String>();
        for (long step = 0; step < 20_000; step += 1 + random.nextInt(3)) {
            double value = step == 12_345 ? 1e6 : random.nextGaussian();
            steps.add(step);
            values.add(value);
            body.add(point("v", value, step, 1_000 + step));
        }
        if (!steps.contains(12_345L)) {
            steps.add(12_345L);
            values.add(1e6);
            body.add(point("v", 1e6, 12_345, 1_000 + 12_345));
        }
        java.util.Collections.shuffle(body, random);
        for (int i = 0; i < body.size(); i += 5000) logPoints(runId, batch(body.subList(i, Math.min(body.size(), i + 5000))));

        for (var query : List.of("buckets=1000", "buckets=7", "buckets=300&from_step=101&to_step=15011",
                "buckets=50&from_step=12340&to_step=12350", "buckets=10000", "buckets=1")) {
            var envelope = api.get("/api/v1/runs/" + runId + "/metrics/v?" + query).body();
            assertMatchesBruteForce(envelope, steps, values, query);
        }
        var coarse = api.get("/api/v1/runs/" + runId + "/metrics/v?buckets=20").body().get("buckets");
        double highest = 0;
        for (var bucket : coarse) highest = Math.max(highest, bucket.get("max").asDouble());
        assertThat(highest).as("the spike survives downsampling").isEqualTo(1e6);
    }

    private static void assertMatchesBruteForce(JsonNode envelope, List<Long> steps, List<Double> values, String query) {
        long from = envelope.get("from_step").asLong();
        long to = envelope.get("to_step").asLong();
        long inRange = steps.stream().filter(s -> s >= from && s <= to).count();
        long covered = 0;
        int requested = Integer.parseInt(query.replaceAll(".*buckets=(\\d+).*", "$1"));
        assertThat(envelope.get("buckets").size()).as(query).isBetween(1, requested + 1);
        for (var bucket : envelope.get("buckets")) {
            long start = bucket.get("start_step").asLong();
            long end = bucket.get("end_step").asLong();
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0;
            long count = 0, firstStep = Long.MAX_VALUE, lastStep = Long.MIN_VALUE;
            double first = 0, last = 0;
            for (int i = 0; i < steps.size(); i++) {
                long step = steps.get(i);
                if (step < start || step > end) continue;
                double value = values.get(i);
                count++;
                sum += value;
                min = Math.min(min, value);
                max = Math.max(max, value);
                if (step < firstStep) { firstStep = step; first = value; }
                if (step > lastStep) { lastStep = step; last = value; }
            }
            assertThat(bucket.get("count").asLong()).as(query + " bucket " + start).isEqualTo(count);
            assertThat(bucket.get("min").asDouble()).as(query).isEqualTo(min);
            assertThat(bucket.get("max").asDouble()).as(query).isEqualTo(max);
            assertThat(bucket.get("mean").asDouble()).as(query).isCloseTo(sum / count, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(bucket.get("first").asDouble()).as(query).isEqualTo(first);
            assertThat(bucket.get("last").asDouble()).as(query).isEqualTo(last);
            assertThat(bucket.get("first_step").asLong()).isEqualTo(firstStep);
            assertThat(bucket.get("last_step").asLong()).isEqualTo(lastStep);
            covered += count;
        }
        assertThat(covered).as(query + ": buckets cover every point in range exactly once").isEqualTo(inRange);
    }

    @Test
    void raw_paging_returns_every_point_exactly_once() {
        var runId = newRun();
        var points = new ArrayList<String>();
        for (int step = 0; step < 2_500; step++) points.add(point("p", step % 7, step / 2, 10 + step % 2));
        logPoints(runId, batch(points));
        var seen = new HashSet<String>();
        String token = null;
        int pages = 0;
        do {
            var page = api.get("/api/v1/runs/" + runId + "/metrics/p?raw=true&max_results=300"
                    + (token == null ? "" : "&page_token=" + token)).body();
            for (var p : page.get("points")) {
                assertThat(seen.add(p.get("step") + "/" + p.get("timestamp_ms"))).as("no point twice").isTrue();
            }
            token = page.hasNonNull("next_page_token") ? page.get("next_page_token").asText() : null;
            pages++;
        } while (token != null);
        assertThat(seen).hasSize(2_500);
        assertThat(pages).isEqualTo(9);
        assertError(api.get("/api/v1/runs/" + runId + "/metrics/p?raw=true&page_token=garbage"), 400,
                "INVALID_PARAMETER_VALUE", "page_token");
    }

    @Test
    void one_query_returns_envelopes_for_many_runs_and_keys() {
        var a = newRun();
        var b = newRun();
        logPoints(a, batch(List.of(point("loss", 1, 0, 1), point("acc", 0.5, 0, 1))));
        logPoints(b, batch(List.of(point("loss", 2, 0, 1))));
        var series = api.post("/api/v1/metrics/query", api.json(Map.of("run_ids", List.of(a, b), "keys", List.of("loss", "acc"),
                "buckets", 10))).body().get("series");
        assertThat(series).hasSize(3);
        assertError(api.get("/api/v1/runs/" + a + "/metrics/loss?buckets=0"), 400, "INVALID_PARAMETER_VALUE", "buckets");
        assertError(api.get("/api/v1/runs/" + a + "/metrics/nope"), 404, "RESOURCE_DOES_NOT_EXIST", "nope");
    }

    @Test
    void params_and_tags_can_ride_along_with_a_metric_batch() {
        var runId = newRun();
        api.post("/api/v1/runs/" + runId + "/metrics",
                "{\"metrics\":[{\"key\":\"m\",\"value\":1}],\"params\":{\"seed\":\"7\"},\"tags\":{\"host\":\"gpu1\"}}");
        var run = api.get("/api/v1/runs/" + runId).body();
        assertThat(run.get("params").get("seed").asText()).isEqualTo("7");
        assertThat(run.get("tags").get("host").asText()).isEqualTo("gpu1");
    }
}
