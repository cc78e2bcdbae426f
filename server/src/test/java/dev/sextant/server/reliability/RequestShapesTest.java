package dev.sextant.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import dev.sextant.server.support.RawClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, item 5: request shapes that got a 500. Each is now a 400 naming the field (or the limit), or, where the
 * request is legal, a correct answer; races between writers of a run's files get 409, never a half-removed folder.
 */
class RequestShapesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Server server;
    private RawClient client;

    record Answer(int status, JsonNode body) {
        String message() {
            return body.path("message").asText();
        }
    }

    @BeforeEach
    void start() {
        server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dir.resolve("data")));
        client = new RawClient(server.port());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void a_percent_u_escape_in_a_path_parameter_is_a_400_naming_the_parameter() throws Exception {
        String runId = newRun();

        var run = get("/api/v1/runs/%u0041");
        var file = get("/api/v1/runs/" + runId + "/artifacts/a%u0041.txt");
        var mlflowFile = get("/api/2.0/mlflow-artifacts/artifacts/0/" + runId + "/artifacts/a%u0041");

        assertThat(run.status()).isEqualTo(400);
        assertThat(run.body().path("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(run.message()).startsWith("path parameter 'run_id' has a malformed %-escape");
        assertThat(file.status()).isEqualTo(400);
        assertThat(file.message()).startsWith("path parameter 'path' has a malformed %-escape");
        assertThat(mlflowFile.status()).isEqualTo(400);
        assertThat(mlflowFile.message()).startsWith("path parameter 'path' has a malformed %-escape");
    }

    @Test
    void mlflow_enum_fields_given_as_numbers_beyond_int_range_are_a_400_naming_the_field() throws Exception {
        String runId = post("/api/2.0/mlflow/runs/create", "{\"experiment_id\":\"0\"}").body().at("/run/info/run_id").asText();

        var viewType = get("/api/2.0/mlflow/experiments/search?view_type=99999999999");
        var runViewType = post("/api/2.0/mlflow/runs/search", "{\"experiment_ids\":[\"0\"],\"run_view_type\":\"2147483648\"}");
        var status = post("/api/2.0/mlflow/runs/update", "{\"run_id\":\"" + runId + "\",\"status\":\"99999999999\"}");
        // 2^32 + 1 as a JSON number once narrowed to 1 (RUNNING).
        var wrapping = post("/api/2.0/mlflow/runs/update", "{\"run_id\":\"" + runId + "\",\"status\":4294967297}");

        for (var answer : List.of(viewType, runViewType, status, wrapping)) {
            assertThat(answer.status()).as(answer.body().toString()).isEqualTo(400);
            assertThat(answer.body().path("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
        }
        assertThat(viewType.message()).startsWith("Invalid value \"99999999999\" for parameter 'view_type' supplied.");
        assertThat(runViewType.message()).startsWith("Invalid value \"2147483648\" for parameter 'run_view_type' supplied.");
        assertThat(status.message()).startsWith("Invalid value \"99999999999\" for parameter 'status' supplied.");
        assertThat(wrapping.message()).startsWith("Invalid value 4294967297 for parameter 'status' supplied.");
        assertThat(get("/api/2.0/mlflow/experiments/search?view_type=3").status()).isEqualTo(200);
    }

    @Test
    void envelopes_over_a_series_spanning_both_extreme_steps_are_exact_at_every_bucket_count() throws Exception {
        String runId = post("/api/2.0/mlflow/runs/create", "{\"experiment_id\":\"0\"}").body().at("/run/info/run_id").asText();
        var logged = post("/api/2.0/mlflow/runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":["
                + "{\"key\":\"m\",\"value\":1,\"timestamp\":1,\"step\":-9223372036854775808},"
                + "{\"key\":\"m\",\"value\":3,\"timestamp\":1,\"step\":0},"
                + "{\"key\":\"m\",\"value\":2,\"timestamp\":1,\"step\":9223372036854775807}]}");
        assertThat(logged.status()).isEqualTo(200);
        String series = "/api/v1/runs/" + runId + "/metrics/m";

        var whole = get(series + "?buckets=1&from_step=-9223372036854775808&to_step=9223372036854775807");
        var plain = get(series + "?buckets=1");
        var halves = get(series + "?buckets=2");
        var thirds = get(series + "?buckets=3");
        var many = get(series + "?buckets=1000");

        for (var one : List.of(whole, plain)) {
            assertThat(one.status()).as(one.body().toString()).isEqualTo(200);
            assertThat(buckets(one)).containsExactly("-9223372036854775808..9223372036854775807 n=3 min=1.0 max=3.0");
        }
        assertThat(buckets(halves)).containsExactly("-9223372036854775808..-1 n=1 min=1.0 max=1.0",
                "0..9223372036854775807 n=2 min=2.0 max=3.0");
        assertThat(buckets(thirds)).containsExactly("-9223372036854775808..-3074457345618258603 n=1 min=1.0 max=1.0",
                "-3074457345618258602..3074457345618258603 n=1 min=3.0 max=3.0",
                "3074457345618258604..9223372036854775807 n=1 min=2.0 max=2.0");
        assertThat(many.status()).isEqualTo(200);
        assertThat(buckets(many)).hasSize(3).allSatisfy(bucket -> assertThat(bucket).contains("n=1"));
        assertThat(buckets(many).get(0)).startsWith("-9223372036854775808..");
        assertThat(buckets(many).get(2)).endsWith("..9223372036854775807 n=1 min=2.0 max=2.0");
    }

    @Test
    void mlflow_bulk_interval_with_one_or_two_results_samples_the_extreme_series_as_mlflow_does() throws Exception {
        String runId = post("/api/2.0/mlflow/runs/create", "{\"experiment_id\":\"0\"}").body().at("/run/info/run_id").asText();
        post("/api/2.0/mlflow/runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":["
                + "{\"key\":\"m\",\"value\":1,\"timestamp\":1,\"step\":-9223372036854775808},"
                + "{\"key\":\"m\",\"value\":3,\"timestamp\":1,\"step\":0},"
                + "{\"key\":\"m\",\"value\":2,\"timestamp\":1,\"step\":9223372036854775807}]}");
        String query = "/api/2.0/mlflow/metrics/get-history-bulk-interval?run_ids=" + runId + "&metric_key=m&max_results=";

        var one = get(query + 1);
        var two = get(query + 2);

        assertThat(one.status()).as(one.body().toString()).isEqualTo(200);
        assertThat(steps(one)).containsExactly("-9223372036854775808");
        assertThat(two.status()).as(two.body().toString()).isEqualTo(200);
        assertThat(steps(two)).containsExactly("-9223372036854775808", "9223372036854775807");
    }

    @Test
    void the_mlflow_uis_bulk_history_takes_at_most_100_run_ids_and_reads_a_repeated_one_once() throws Exception {
        String runId = post("/api/2.0/mlflow/runs/create", "{\"experiment_id\":\"0\"}").body().at("/run/info/run_id").asText();
        post("/api/2.0/mlflow/runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":["
                + "{\"key\":\"m\",\"value\":1,\"timestamp\":2,\"step\":0},{\"key\":\"m\",\"value\":2,\"timestamp\":1,\"step\":1}]}");
        String query = "/ajax-api/2.0/mlflow/metrics/get-history-bulk?metric_key=m";

        var tooMany = get(query + ("&run_id=" + runId).repeat(101));
        var repeated = get(query + ("&run_id=" + runId).repeat(100));

        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.message()).isEqualTo("GetMetricHistoryBulk request cannot specify more than 100 run_ids. Received 101 run_ids.");
        assertThat(repeated.status()).isEqualTo(200);
        assertThat(steps(repeated)).containsExactly("1", "0");
    }

    @Test
    void a_large_body_sent_to_a_route_that_never_reads_it_still_gets_the_answer() throws Exception {
        byte[] body = ("{\"metrics\":[".repeat(100_000) + "1").getBytes(java.nio.charset.StandardCharsets.UTF_8);

        for (int i = 0; i < 5; i++) {
            try (var own = new RawClient(server.port())) {
                var response = own.send("GET", "/api/v1/experiments", java.util.Map.of("Content-Type", "application/json"), body,
                        body.length);
                assertThat(response.status()).isEqualTo(200);
            }
        }
    }

    @Test
    void searches_too_big_to_answer_are_refused_before_any_work_naming_the_limit() throws Exception {
        String runId = newRun();
        var twoThousandKeys = IntStream.range(0, 2000).mapToObj(i -> "\"metrics.m" + i + " ASC\"").collect(Collectors.joining(","));
        var manyIds = IntStream.range(0, 150_000).mapToObj(i -> "\"" + i + "\"").collect(Collectors.joining(","));
        String hugeLike = "params.p LIKE '" + "é".repeat(30_000) + "'"; // 60,000 bytes: SQLite's own limit is 50,000

        var mlflowOrder = post("/api/2.0/mlflow/runs/search", "{\"experiment_ids\":[\"0\"],\"order_by\":[" + twoThousandKeys + "]}");
        var nativeOrder = post("/api/v1/runs/search", "{\"order_by\":[" + twoThousandKeys + "]}");
        var experimentOrder = post("/api/2.0/mlflow/experiments/search", "{\"order_by\":[" + twoThousandKeys + "]}");
        var ids = post("/api/2.0/mlflow/runs/search", "{\"experiment_ids\":[" + manyIds + "]}");
        var nativeIds = post("/api/v1/runs/search", "{\"experiment_ids\":[" + manyIds + "]}");
        var like = post("/api/2.0/mlflow/runs/search", JSON.writeValueAsString(Map.of("experiment_ids", List.of("0"), "filter", hugeLike)));

        for (var answer : List.of(mlflowOrder, nativeOrder, experimentOrder)) {
            assertThat(answer.status()).as(answer.body().toString()).isEqualTo(400);
            assertThat(answer.message()).isEqualTo("order_by may list at most 50 fields, got 2000");
        }
        for (var answer : List.of(ids, nativeIds)) {
            assertThat(answer.status()).as(answer.body().toString()).isEqualTo(400);
            assertThat(answer.message()).isEqualTo("experiment_ids may list at most 1000 experiments, got 150000");
        }
        assertThat(like.status()).isEqualTo(400);
        assertThat(like.message()).contains("over the limit of 10000");
        var fifty = IntStream.range(0, 50).mapToObj(i -> "\"metrics.m" + i + " DESC\"").collect(Collectors.joining(","));
        var allowed = post("/api/v1/runs/search", "{\"order_by\":[" + fifty + "]}");
        assertThat(allowed.status()).as(allowed.body().toString()).isEqualTo(200);
        assertThat(allowed.body().path("runs").get(0).path("run_id").asText()).isEqualTo(runId);
    }

    @Test
    void concurrent_uploads_of_a_file_and_a_folder_of_the_same_name_get_409_and_leave_one_of_them_whole() throws Exception {
        var pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String runId = newRun();
                var barrier = new CyclicBarrier(2);
                var file = pool.submit(upload(barrier, runId, "x", "file"));
                var folder = pool.submit(upload(barrier, runId, "x/inner", "inner"));
                int fileStatus = file.get().status();
                int folderStatus = folder.get().status();

                assertThat(List.of(fileStatus, folderStatus)).as("round %d: %s / %s", round, file.get(), folder.get())
                        .allMatch(status -> status == 201 || status == 400 || status == 409)
                        .containsOnlyOnce(201);
                for (var answer : List.of(file.get(), folder.get())) {
                    if (answer.status() == 409) assertThat(answer.body().path("error_code").asText()).isEqualTo("INVALID_STATE");
                }
                assertEveryListedFileIsWhole(runId);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_purge_racing_a_restore_and_an_upload_gets_409_or_finishes_and_never_leaves_a_listed_file_without_bytes()
            throws Exception {
        var pool = Executors.newFixedThreadPool(2);
        var seen = new ArrayList<String>();
        try {
            for (int round = 0; round < 20; round++) {
                String runId = newRun();
                assertThat(put(new RawClient(server.port()), runId, "old/a.txt", "old").status()).isEqualTo(201);
                assertThat(client.send("DELETE", "/api/v1/runs/" + runId, null, null).status()).isLessThan(300);
                var barrier = new CyclicBarrier(2);
                Future<Answer> purge = pool.submit(() -> {
                    try (var own = new RawClient(server.port())) {
                        barrier.await();
                        var response = own.send("POST", "/api/v1/runs/" + runId + "/purge", "application/json", "");
                        return new Answer(response.status(), JSON.readTree(response.body()));
                    }
                });
                Future<Answer> restoreAndUpload = pool.submit(() -> {
                    try (var own = new RawClient(server.port())) {
                        barrier.await();
                        var restored = own.send("POST", "/api/v1/runs/" + runId + "/restore", "application/json", "");
                        if (restored.status() >= 300) return new Answer(restored.status(), JSON.readTree(restored.body()));
                        return put(own, runId, "old/b.txt", "new");
                    }
                });
                seen.add(purge.get().status() + "/" + restoreAndUpload.get().status());

                assertThat(purge.get().status()).as(purge.get().toString()).isIn(200, 409);
                assertThat(restoreAndUpload.get().status()).as(restoreAndUpload.get().toString()).isIn(201, 400, 409);
                assertEveryListedFileIsWhole(runId);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).isNotEmpty();
    }

    @Test
    void downloads_and_zips_racing_uploads_that_replace_the_file_and_deletes_get_whole_answers_never_a_5xx() throws Exception {
        String runId = newRun();
        String experimentId = get("/api/v1/runs/" + runId).body().path("experiment_id").asText();
        var pool = Executors.newFixedThreadPool(2);
        try {
            var writer = pool.submit(() -> {
                try (var own = new RawClient(server.port())) {
                    for (int i = 0; i < 150; i++) {
                        if (i % 10 == 9) own.send("DELETE", "/api/v1/runs/" + runId + "/artifacts/f.txt", null, null);
                        else put(own, runId, "f.txt", "x".repeat(i % 2 == 0 ? 90 : 111));
                    }
                }
                return null;
            });
            var statuses = new java.util.TreeSet<Integer>();
            try (var own = new RawClient(server.port())) {
                for (int i = 0; !writer.isDone() || i < 50; i++) {
                    String target = switch (i % 3) {
                        case 0 -> "/api/v1/runs/" + runId + "/artifacts/f.txt";
                        case 1 -> "/api/2.0/mlflow-artifacts/artifacts/" + experimentId + "/" + runId + "/artifacts/f.txt";
                        default -> "/api/v1/runs/" + runId + "/artifacts.zip";
                    };
                    var response = own.send("GET", target, null, null);
                    statuses.add(response.status());
                    // MLflow's API answers INVALID_STATE with 400, as MLflow does.
                    assertThat(response.status()).as("%s: %s", target, response.text()).isIn(200, 400, 404, 409);
                    if (response.status() >= 400) {
                        assertThat(JSON.readTree(response.body()).path("error_code").asText())
                                .isIn("INVALID_STATE", "RESOURCE_DOES_NOT_EXIST");
                    }
                    if (response.status() == 200 && i % 3 != 2) assertThat(response.body().length).isIn(90, 111);
                }
            }
            writer.get();
            assertThat(statuses).contains(200);
        } finally {
            pool.shutdownNow();
        }
    }

    private Callable<Answer> upload(CyclicBarrier barrier, String runId, String path, String content) {
        return () -> {
            try (var own = new RawClient(server.port())) {
                barrier.await();
                return put(own, runId, path, content);
            }
        };
    }

    private static Answer put(RawClient client, String runId, String path, String content) throws IOException {
        var response = client.send("PUT", "/api/v1/runs/" + runId + "/artifacts/" + path, "text/plain", content);
        return new Answer(response.status(), JSON.readTree(response.body()));
    }

    /** Every file the index lists can be downloaded whole, and every file on disk is listed. */
    private void assertEveryListedFileIsWhole(String runId) throws IOException {
        var listing = get("/api/v1/runs/" + runId + "/artifacts");
        var listed = new ArrayList<String>();
        collectFiles(runId, "", listed);
        for (var path : listed) {
            var download = client.send("GET", "/api/v1/runs/" + runId + "/artifacts/" + path, null, null);
            assertThat(download.status()).as("%s listed in %s", path, listing.body()).isEqualTo(200);
        }
        Path runFolder = dir.resolve("data").resolve("artifacts").resolve(runId);
        var onDisk = new ArrayList<String>();
        if (Files.isDirectory(runFolder)) {
            try (var walk = Files.walk(runFolder)) {
                walk.filter(Files::isRegularFile).forEach(file -> onDisk.add(runFolder.relativize(file).toString()));
            }
        }
        assertThat(onDisk).as("files on disk").containsExactlyInAnyOrderElementsOf(listed);
    }

    private void collectFiles(String runId, String folder, List<String> into) throws IOException {
        var listing = get("/api/v1/runs/" + runId + "/artifacts" + (folder.isEmpty() ? "" : "?prefix=" + folder)).body();
        for (var file : listing.path("files")) into.add(file.path("path").asText());
        for (var sub : listing.path("folders")) collectFiles(runId, sub.path("path").asText(), into);
    }

    private String newRun() throws IOException {
        return post("/api/v1/runs", "{\"experiment_name\":\"shapes\"}").body().path("run_id").asText();
    }

    private static List<String> buckets(Answer envelope) {
        var result = new ArrayList<String>();
        for (var bucket : envelope.body().path("buckets")) {
            result.add(bucket.path("start_step").asText() + ".." + bucket.path("end_step").asText() + " n=" + bucket.path("count").asText()
                    + " min=" + bucket.path("min").asText() + " max=" + bucket.path("max").asText());
        }
        return result;
    }

    private static List<String> steps(Answer answer) {
        var result = new ArrayList<String>();
        for (var metric : answer.body().path("metrics")) result.add(metric.path("step").asText());
        return result;
    }

    private Answer get(String target) throws IOException {
        var response = client.send("GET", target, null, null);
        return new Answer(response.status(), JSON.readTree(response.body()));
    }

    private Answer post(String target, String body) throws IOException {
        var response = client.send("POST", target, "application/json", body);
        return new Answer(response.status(), response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body()));
    }
}
