package dev.sextant.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.service.Limits;
import dev.sextant.server.support.RawClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every layer that answers an error (App's mapper, the MLflow handlers, the body-limit filter, Jetty's own refusals)
 * sends a code {@link ErrorCode} names, with the status that code carries in its API. The shutdown (503) and busy (429)
 * refusals are not walked here: like every writer they go through ErrorResponse, which only takes an ErrorCode.
 */
class ErrorCodesOnTheWireTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String MISSING_RUN = "f".repeat(32);

    @TempDir
    Path dataDir;

    private Server start() {
        return Server.start(ServerConfig.embedded("127.0.0.1", 0, dataDir)
                .withLimits(new Limits(4096, 8192, Limits.DEFAULT_MAX_ARTIFACT_BYTES, 10, 250, 8000, 1000)).withShutdownTimeout(Duration.ofSeconds(30)));
    }

    @Test
    void every_error_producing_path_of_both_apis_sends_an_error_code_constant_with_its_status() throws Exception {
        var server = start();
        try (var client = new RawClient(server.port())) {
            var json = "application/json";
            var seen = new LinkedHashMap<String, RawClient.Response>();
            seen.put("unknown endpoint", client.send("GET", "/api/v1/nope", null, null));
            seen.put("method not allowed", client.send("PATCH", "/api/v1/experiments", json, "{}"));
            seen.put("missing run", client.send("GET", "/api/v1/runs/" + MISSING_RUN, null, null));
            seen.put("malformed JSON", client.send("POST", "/api/v1/experiments", json, "{\"name\":"));
            seen.put("invalid value", client.send("POST", "/api/v1/runs/search", json, "{\"max_results\":50001}"));
            client.send("POST", "/api/v1/experiments", json, "{\"name\":\"taken\"}");
            seen.put("duplicate", client.send("POST", "/api/v1/experiments", json, "{\"name\":\"taken\"}"));
            seen.put("declared body over the limit", client.send("POST", "/api/v1/experiments",
                    Map.of("Content-Type", json, "Content-Length", "100000"), new byte[10], 10));
            var chunks = "{\"name\":\"" + "x".repeat(5000) + "\"}";
            seen.put("chunked body over the limit", client.send("POST", "/api/v1/experiments",
                    Map.of("Content-Type", json, "Transfer-Encoding", "chunked"),
                    (Integer.toHexString(chunks.length()) + "\r\n" + chunks + "\r\n0\r\n\r\n").getBytes(StandardCharsets.UTF_8),
                    Integer.MAX_VALUE));
            seen.put("malformed URI (Jetty)", client.send("GET", "/api/v1/runs/%zz", null, null));
            seen.put("headers too large (Jetty)", client.send("GET", "/api/v1/experiments",
                    Map.of("X-Pad", "p".repeat(64 * 1024)), new byte[0], 0));
            // The target ends the request line early, so the version Jetty reads is HTTP/2.5.
            seen.put("unsupported HTTP version (Jetty)", client.send("GET", "/api/v1/experiments HTTP/2.5\r\nX-Rest:", new byte[0]));

            seen.put("MLflow missing run", client.send("GET", "/api/2.0/mlflow/runs/get?run_id=" + MISSING_RUN, null, null));
            seen.put("MLflow invalid value", client.send("POST", "/api/2.0/mlflow/runs/search", json, "{\"max_results\":50001}"));
            seen.put("MLflow body over the limit", client.send("POST", "/api/2.0/mlflow/experiments/create",
                    Map.of("Content-Type", json, "Content-Length", "100000"), new byte[10], 10));
            seen.put("MLflow GenAI route", client.send("GET", "/api/2.0/mlflow/traces", null, null));
            seen.put("MLflow 3 GenAI route", client.send("POST", "/api/3.0/mlflow/scorers/list", json, "{}"));
            seen.put("MLflow multipart upload", client.send("POST", "/api/2.0/mlflow-artifacts/mpu/create/1/x/artifacts/a", json, "{}"));

            var codes = Arrays.stream(ErrorCode.values()).map(Enum::name).toList();
            for (var entry : seen.entrySet()) {
                var response = entry.getValue();
                assertThat(response.status()).as(entry.getKey()).isBetween(400, 599);
                var code = MAPPER.readTree(response.body()).path("error_code").asText();
                assertThat(code).as(entry.getKey() + ": " + response.text()).isIn(codes);
                assertThat(code).as(entry.getKey() + ": every request here is the client's fault").isNotEqualTo("INTERNAL_ERROR");
                // MLflow answers with MLflow's statuses; Jetty keeps the precise one (414, 431) of its refusals.
                if (!entry.getKey().startsWith("MLflow") && !entry.getKey().endsWith("(Jetty)")) {
                    assertThat(response.status()).as(entry.getKey() + " " + code).isEqualTo(ErrorCode.valueOf(code).httpStatus());
                }
            }
            assertThat(seen.values().stream().map(r -> r.text()).toList()).anySatisfy(t -> assertThat(t).contains("NOT_IMPLEMENTED"));
        } finally {
            server.close();
        }
    }
}
