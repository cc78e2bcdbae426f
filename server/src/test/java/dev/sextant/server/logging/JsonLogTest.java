package dev.sextant.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.auth.Scope;
import dev.sextant.server.auth.TokenEntry;
import dev.sextant.server.auth.TokenFile;
import dev.sextant.server.auth.TokenHash;
import dev.sextant.server.support.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as a process with {@code --log-format json}: every line it writes is one JSON object, and the access
 * log carries route template, status, duration, bytes and the token's name, never the token.
 */
@Timeout(180)
class JsonLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void every_log_line_is_json_and_access_lines_carry_the_fields() throws Exception {
        var tokens = work.resolve("tokens");
        var token = TokenHash.newToken();
        TokenFile.add(tokens, new TokenEntry("ci-writer", Scope.WRITE, TokenHash.of(token)));
        try (var server = ServerProcess.start(work, "256m", Map.of(), "--log-format", "json", "--auth-tokens", tokens.toString())) {
            var http = HttpClient.newHttpClient();
            var created = http.send(request(server, "/api/v1/runs", token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"experiment_name\":\"logged\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
            String runId = JSON.readTree(created.body()).get("run_id").asText();
            http.send(request(server, "/api/v1/runs/" + runId, token).GET().build(), HttpResponse.BodyHandlers.discarding());
            http.send(request(server, "/api/v1/runs/" + runId, null).GET().build(), HttpResponse.BodyHandlers.discarding());

            // The three requests' lines: an access line is written after its answer has left, so wait for each.
            var access = awaitAccessLines(server, lines -> lines.stream().filter(line -> line.get("route").asText().startsWith("/api/v1/runs")).count() >= 3);
            var create = find(access, "POST", "/api/v1/runs");
            assertThat(create.get("status").asInt()).isEqualTo(201);
            assertThat(create.get("token").asText()).isEqualTo("ci-writer");
            assertThat(create.get("bytes_in").asLong()).isEqualTo("{\"experiment_name\":\"logged\"}".length());
            assertThat(create.get("bytes_out").asLong()).isEqualTo(created.body().length());
            assertThat(create.get("duration_ms").isNumber()).isTrue();
            assertThat(create.get("level").asText()).isEqualTo("INFO");
            assertThat(create.get("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            var reads = access.stream().filter(line -> line.get("route").asText().equals("/api/v1/runs/{run_id}")).toList();
            assertThat(reads).extracting(line -> line.get("status").asInt()).containsExactlyInAnyOrder(200, 401);
            assertThat(reads).filteredOn(line -> line.get("status").asInt() == 401).allSatisfy(line -> assertThat(line.has("token")).isFalse());

            var log = server.log();
            assertThat(log).doesNotContain(token).doesNotContain(runId);
            assertThat(lines(server)).anySatisfy(line -> assertThat(line.get("message").asText()).startsWith("Sextant "));
        }
    }

    private static HttpRequest.Builder request(ServerProcess server, String path, String token) {
        var builder = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).header("Content-Type", "application/json");
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    /** Every line of the server's output, each parsed as a JSON object (a line that is not one fails the test). */
    private static List<JsonNode> lines(ServerProcess server) throws Exception {
        var parsed = new ArrayList<JsonNode>();
        for (var line : server.log().split("\n")) {
            if (line.isBlank()) continue;
            var node = JSON.readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
            parsed.add(node);
        }
        return parsed;
    }

    /** The access log's lines once they satisfy {@code complete} (or after 10 s, for the assertions to say what is missing). */
    private static List<JsonNode> awaitAccessLines(ServerProcess server, Predicate<List<JsonNode>> complete) throws Exception {
        for (int attempt = 0; ; attempt++) {
            var access = lines(server).stream().filter(line -> line.get("logger").asText().equals("sextant.access")).toList();
            if (complete.test(access) || attempt == 100) return access;
            Thread.sleep(100);
        }
    }

    private static JsonNode find(List<JsonNode> access, String method, String route) {
        return access.stream().filter(line -> line.get("method").asText().equals(method) && line.get("route").asText().equals(route))
                .findFirst().orElseThrow(() -> new AssertionError("no access line for " + method + " " + route + " in " + access));
    }
}
