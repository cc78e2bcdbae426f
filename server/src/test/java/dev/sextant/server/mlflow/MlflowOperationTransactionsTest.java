package dev.sextant.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import dev.sextant.server.service.Limits;
import dev.sextant.server.store.postgres.PostgresCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each MLflow operation is one store transaction: a log_model append is a read-modify-write of the run's
 * mlflow.log-model.history tag, so calls racing on one run must each leave their entry (MLflow does it in one session).
 */
class MlflowOperationTransactionsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int THREADS = 8;
    private static final int APPENDS_PER_THREAD = 20;

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void concurrent_log_model_calls_on_one_run_lose_no_history_entry(String database) throws Exception {
        var embedded = ServerConfig.embedded("127.0.0.1", 0, dataDir);
        var config = database.equals("sqlite") ? embedded : new ServerConfig(embedded.host(), 0, dataDir,
                PostgresCluster.shared().createDatabase(), embedded.artifacts());
        // The history of 160 models is longer than MLflow's 8,000-character tag values.
        var server = Server.start(config.withLimits(new Limits(Limits.DEFAULT_MAX_JSON_BODY_BYTES, Limits.DEFAULT_MAX_METRIC_BODY_BYTES, Limits.DEFAULT_MAX_ARTIFACT_BYTES,
                100_000, 250, 1_000_000, Limits.DEFAULT_MAX_FILTER_LENGTH)));
        var base = "http://127.0.0.1:" + server.port() + "/api/2.0/mlflow";
        var pool = Executors.newFixedThreadPool(THREADS);
        try {
            var experimentId = post(base + "/experiments/create", Map.of("name", "models")).get("experiment_id").asText();
            var runId = post(base + "/runs/create", Map.of("experiment_id", experimentId)).at("/run/info/run_id").asText();
            var calls = new ArrayList<Callable<Void>>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                calls.add(() -> {
                    for (int i = 0; i < APPENDS_PER_THREAD; i++) {
                        var model = Map.of("artifact_path", "model-" + thread + "-" + i, "flavors", Map.of(),
                                "utc_time_created", "2026-12-02 21:00:00.000000", "run_id", runId);
                        post(base + "/runs/log-model", Map.of("run_id", runId, "model_json", MAPPER.writeValueAsString(model)));
                    }
                    return null;
                });
            }
            for (var done : pool.invokeAll(calls, 5, TimeUnit.MINUTES)) done.get();

            var tags = get(base + "/runs/get?run_id=" + runId).at("/run/data/tags");
            String history = null;
            for (var tag : tags) if (tag.get("key").asText().equals("mlflow.log-model.history")) history = tag.get("value").asText();
            var paths = new HashSet<String>();
            for (var model : MAPPER.readTree(history)) paths.add(model.get("artifact_path").asText());
            var expected = new HashSet<String>();
            for (int t = 0; t < THREADS; t++) for (int i = 0; i < APPENDS_PER_THREAD; i++) expected.add("model-" + t + "-" + i);
            assertThat(paths).hasSize(THREADS * APPENDS_PER_THREAD).isEqualTo(expected);
        } finally {
            pool.shutdownNow();
            server.close();
        }
    }

    private JsonNode post(String url, Map<String, ?> body) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(MAPPER.writeValueAsString(body))).build(), BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return MAPPER.readTree(response.body());
    }

    private JsonNode get(String url) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return MAPPER.readTree(response.body());
    }
}
