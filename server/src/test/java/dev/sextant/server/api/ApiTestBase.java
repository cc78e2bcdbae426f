package dev.sextant.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Starts the real server on a free port with a fresh database (SQLite file, or PostgreSQL) for every test. */
abstract class ApiTestBase {
    @TempDir
    Path dataDir;

    Server server;
    ApiClient api;

    /** The database setting; null keeps the embedded SQLite file. Postgres* subclasses return a fresh database. */
    String database() {
        return null;
    }

    @BeforeEach
    void startServer() {
        var embedded = ServerConfig.embedded("127.0.0.1", 0, dataDir);
        var database = database();
        server = Server.start(database == null ? embedded : new ServerConfig(embedded.host(), embedded.port(),
                embedded.dataDir(), database, embedded.artifacts()));
        api = new ApiClient(server.port());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    JsonNode createRun(Map<String, Object> body) {
        var response = api.post("/api/v1/runs", api.json(body));
        assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
        return response.body();
    }

    String newRun() {
        return createRun(Map.of("experiment_name", "exp")).get("run_id").asText();
    }

    ApiClient.Response logPoints(String runId, String metricsJsonArray) {
        return api.post("/api/v1/runs/" + runId + "/metrics", "{\"metrics\":" + metricsJsonArray + "}");
    }

    static void assertError(ApiClient.Response response, int status, String code, String messagePart) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.body().get("error_code").asText()).isEqualTo(code);
        assertThat(response.body().get("message").asText()).contains(messagePart);
    }
}
