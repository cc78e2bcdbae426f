package dev.sextant.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import dev.sextant.server.service.Limits;
import dev.sextant.server.support.RawClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each configurable limit, and the error that names it and its value. */
class LimitsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long MAX_ARTIFACT = 1000;
    private static final Limits LIMITS = new Limits(4096, 8192, MAX_ARTIFACT, 10, 20, 30, 40);

    @TempDir
    Path dataDir;

    private Server server;
    private RawClient client;
    private String runId;
    private String experimentId;

    @BeforeEach
    void start() throws Exception {
        server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dataDir).withLimits(LIMITS));
        client = new RawClient(server.port());
        var run = json(client.send("POST", "/api/v1/runs", "application/json", "{\"experiment_name\":\"limits\"}"));
        runId = run.get("run_id").asText();
        experimentId = run.get("experiment_id").asText();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void a_json_body_over_the_limit_is_refused_from_its_content_length_without_being_read() throws Exception {
        var headers = new LinkedHashMap<String, String>();
        headers.put("Content-Type", "application/json");
        headers.put("Content-Length", Long.toString(1L << 40)); // a terabyte announced, 20 bytes sent
        // The connection stays open for sending, so the answer can only come before the body does: a server
        // that waited for it would leave the client's read to time out. How fast: bench/run refusal.
        var response = client.send("POST", "/api/v1/experiments", headers, "{\"name\":\"x\", \"pad\":\"".getBytes(StandardCharsets.UTF_8), 20);
        assertError(response, 413, "REQUEST_TOO_LARGE", "max-json-body=4096");
    }

    @Test
    void a_chunked_json_body_is_cut_off_at_the_limit() throws Exception {
        var headers = Map.of("Content-Type", "application/json", "Transfer-Encoding", "chunked");
        String chunk = "{\"name\":\"" + "x".repeat(5000) + "\"}";
        byte[] body = (Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        assertError(client.send("POST", "/api/v1/experiments", headers, body, body.length), 413, "REQUEST_TOO_LARGE", "max-json-body=4096");
        assertError(client.send("POST", "/api/2.0/mlflow/experiments/create", headers, body, body.length), 413,
                "INVALID_PARAMETER_VALUE", "max-json-body=4096");
    }

    @Test
    void native_metric_batches_have_their_own_body_limit_and_mlflow_log_batch_has_the_json_one() throws Exception {
        // Padded with whitespace: an unknown field would be refused (ADR 0018), and this is about the size.
        String small = "{\"metrics\":[{\"key\":\"a\",\"value\":1,\"step\":0}]" + " ".repeat(5000) + "}";
        assertThat(client.send("POST", "/api/v1/runs/" + runId + "/metrics", "application/json", small).status())
                .as("over the JSON limit, under the metric limit").isEqualTo(200);
        String big = "{\"pad\":\"" + "x".repeat(9000) + "\"}";
        assertError(client.send("POST", "/api/v1/runs/" + runId + "/metrics", "application/json", big), 413,
                "REQUEST_TOO_LARGE", "max-metric-body=8192");
        assertError(client.send("POST", "/api/2.0/mlflow/runs/log-batch", "application/json", small), 413,
                "INVALID_PARAMETER_VALUE", "max-json-body=4096");
    }

    @Test
    void an_artifact_over_the_size_limit_is_refused_up_front() throws Exception {
        var headers = Map.of("Content-Length", "5000");
        assertError(client.send("PUT", "/api/v1/runs/" + runId + "/artifacts/big.bin", headers, new byte[10], 10), 413,
                "REQUEST_TOO_LARGE", "max-artifact-size=1000");
        assertError(client.send("PUT", "/api/2.0/mlflow-artifacts/artifacts/" + experimentId + "/" + runId + "/artifacts/big.bin",
                headers, new byte[10], 10), 413, "INVALID_PARAMETER_VALUE", "max-artifact-size=1000");
    }

    @Test
    void points_per_batch() throws Exception {
        var points = new StringBuilder();
        for (int i = 0; i < 11; i++) points.append(i == 0 ? "" : ",").append("{\"key\":\"a\",\"value\":1,\"step\":").append(i).append('}');
        assertError(client.send("POST", "/api/v1/runs/" + runId + "/metrics", "application/json", "{\"metrics\":[" + points + "]}"),
                400, "INVALID_PARAMETER_VALUE", "max-points-per-batch");
    }

    @Test
    void key_and_value_lengths() throws Exception {
        String longKey = "k".repeat(21);
        assertError(client.send("POST", "/api/v1/runs/" + runId + "/metrics", "application/json",
                "{\"metrics\":[{\"key\":\"" + longKey + "\",\"value\":1}]}"), 400, "INVALID_PARAMETER_VALUE", "max-key-length");
        assertError(client.send("PUT", "/api/v1/runs/" + runId + "/tags", "application/json",
                "{\"tags\":{\"t\":\"" + "v".repeat(31) + "\"}}"), 400, "INVALID_PARAMETER_VALUE", "max-value-length");
        assertError(client.send("POST", "/api/2.0/mlflow/runs/log-parameter", "application/json",
                "{\"run_id\":\"" + runId + "\",\"key\":\"p\",\"value\":\"" + "v".repeat(31) + "\"}"), 400,
                "INVALID_PARAMETER_VALUE", "max-value-length");
    }

    @Test
    void filter_and_order_by_lengths() throws Exception {
        String filter = "params.p = '" + "x".repeat(40) + "'";
        assertError(client.send("POST", "/api/v1/runs/search", "application/json", "{\"filter\":\"" + filter + "\"}"),
                400, "INVALID_PARAMETER_VALUE", "max-filter-length=40");
        assertError(client.send("POST", "/api/2.0/mlflow/runs/search", "application/json",
                "{\"experiment_ids\":[\"" + experimentId + "\"],\"order_by\":[\"params.`" + "x".repeat(40) + "` ASC\"]}"),
                400, "INVALID_PARAMETER_VALUE", "max-filter-length=40");
        assertError(client.send("POST", "/api/2.0/mlflow/experiments/search", "application/json", "{\"filter\":\"" + filter + "\"}"),
                400, "INVALID_PARAMETER_VALUE", "max-filter-length=40");
    }

    @Test
    void bad_limit_flags_are_refused_before_the_server_starts() {
        var size = BackupRestoreTest.sextant("--port", "0", "--data-dir", dataDir.resolve("cli").toString(), "--max-json-body", "12x");
        assertThat(size.exitCode()).isEqualTo(2);
        assertThat(size.err()).contains("--max-json-body must be bytes or a number with k/m/g/t, got '12x'");
        var zero = BackupRestoreTest.sextant("--port", "0", "--data-dir", dataDir.resolve("cli").toString(), "--max-points-per-batch", "0");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("limits must be at least 1");
    }

    private static JsonNode json(RawClient.Response response) throws Exception {
        assertThat(response.status()).as(response.text()).isLessThan(300);
        return MAPPER.readTree(response.body());
    }

    private static void assertError(RawClient.Response response, int status, String code, String messagePart) throws Exception {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        var body = MAPPER.readTree(response.body());
        assertThat(body.get("error_code").asText()).as(response.text()).isEqualTo(code);
        assertThat(body.get("message").asText()).contains(messagePart);
    }
}
