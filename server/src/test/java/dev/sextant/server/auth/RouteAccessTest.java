package dev.sextant.server.auth;

import static dev.sextant.server.auth.AuthServer.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.http.Route;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every route of both APIs, as the server registered them, against no token and each scope. */
class RouteAccessTest {
    private static final List<String> OPEN = List.of("GET /health", "GET /health/live", "GET /health/ready",
            "POST /api/v1/auth/login", "POST /api/v1/auth/logout");

    @TempDir Path dir;
    AuthServer server;
    String experimentId;
    String runId;

    @BeforeEach
    void start() {
        server = new AuthServer(dir);
        var seeded = server.seed("seeded");
        experimentId = seeded[0];
        runId = seeded[1];
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A route's call, with the access its route declares. */
    record Call(String method, String path, Access access) {
        String id() {
            return method + " " + path;
        }
    }

    /** Every registered route with its parameters filled in with the seeded ids. */
    List<Call> calls() {
        var calls = new ArrayList<Call>();
        for (Route route : server.server.allRoutes()) {
            var path = route.path()
                    .replace("{experiment_id}", experimentId).replace("{run_id}", runId)
                    .replace("{key}", "k").replace("{name}", "nobody").replace("{sweep_id}", "0".repeat(32))
                    .replace("{view_id}", "0".repeat(32)).replace("{model_id}", "m-0123456789abcdef0123456789abcdef").replace("{tag_key}", "k")
                    .replace("<path>", "file.txt").replace("<key>", "loss").replace("<rest>", "x");
            calls.add(new Call(route.method().name(), path, route.access()));
        }
        assertThat(calls).hasSizeGreaterThan(100);
        return calls;
    }

    boolean isWrite(Call call) {
        return call.access() == Access.WRITE || call.access() == Access.ADMIN;
    }

    AuthServer.Response call(Call call, Map<String, String> headers) {
        boolean body = Stream.of("POST", "PUT", "PATCH").anyMatch(call.method()::equals);
        return server.send(call.method(), call.path(), body ? "{}" : null, headers);
    }

    /** What a write could change: experiments, the run, its metrics and artifacts, the files, the tokens. */
    String snapshot() throws IOException {
        var auth = bearer(server.adminToken);
        var state = new StringBuilder();
        for (var path : List.of("/api/v1/experiments?view=all", "/api/v1/runs/" + runId, "/api/v1/runs/" + runId + "/metrics",
                "/api/v1/runs/" + runId + "/artifacts", "/api/v1/experiments/" + experimentId, "/api/v1/auth/tokens")) {
            state.append(server.get(path, auth).body()).append('\n');
        }
        try (var files = Files.walk(server.dataDir.resolve("artifacts"))) {
            files.sorted().forEach(file -> state.append(file).append(' ').append(file.toFile().length()).append('\n'));
        }
        state.append(Files.readString(server.tokensFile));
        return state.toString();
    }

    @Test
    void without_a_token_every_route_but_health_and_login_answers_401() {
        for (var call : calls()) {
            if (OPEN.contains(call.id())) continue;
            var response = call(call, Map.of());
            assertThat(response.status()).as(call.id()).isEqualTo(401);
            if (call.method().equals("HEAD")) continue;
            assertThat(response.json().get("error_code").asText()).as(call.id()).isEqualTo("UNAUTHENTICATED");
        }
        assertThat(server.get("/health", Map.of()).status()).isEqualTo(200);
    }

    @Test
    void a_read_token_reads_every_read_route_and_no_write_route_changes_anything() throws IOException {
        var before = snapshot();
        int writes = 0;
        for (var call : calls()) {
            if (OPEN.contains(call.id())) continue;
            var response = call(call, bearer(server.readToken));
            if (isWrite(call)) {
                writes++;
                assertThat(response.status()).as(call.id()).isEqualTo(403);
                if (!call.method().equals("HEAD")) assertThat(response.json().get("error_code").asText()).as(call.id()).isEqualTo("PERMISSION_DENIED");
            } else {
                assertThat(response.status()).as(call.id()).isNotIn(401, 403);
            }
        }
        assertThat(writes).isGreaterThan(50);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void a_write_token_passes_every_write_route_but_token_administration() {
        for (var call : calls()) {
            if (OPEN.contains(call.id())) continue;
            var response = call(call, bearer(server.writeToken));
            boolean admin = call.access() == Access.ADMIN;
            if (admin) assertThat(response.status()).as(call.id()).isEqualTo(403);
            else assertThat(response.status()).as(call.id()).isNotIn(401, 403);
        }
    }

    @Test
    void token_administration_needs_an_admin_token() {
        var admin = bearer(server.adminToken);
        var listed = server.get("/api/v1/auth/tokens", admin);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).contains("reader", "writer", "admin").doesNotContain("sha256", server.readToken);
        assertThat(server.get("/api/v1/auth/tokens", bearer(server.writeToken)).status()).isEqualTo(403);
        // Whatever spelling of the path the router might still match stays admin-only.
        assertThat(server.get("//api/v1/auth/tokens", bearer(server.writeToken)).status()).isNotEqualTo(200);
        assertThat(server.get("/api/v1/auth/tokens/", bearer(server.writeToken)).status()).isNotEqualTo(200);

        var created = server.send("POST", "/api/v1/auth/tokens", "{\"name\":\"ci\",\"scope\":\"write\"}", admin);
        assertThat(created.status()).isEqualTo(201);
        var token = created.json().get("token").asText();
        assertThat(server.send("POST", "/api/v1/experiments", "{\"name\":\"by-ci\"}", bearer(token)).status()).isEqualTo(201);
        assertThat(Files.exists(server.tokensFile)).isTrue();
        assertThat(server.send("DELETE", "/api/v1/auth/tokens/ci", null, admin).status()).isEqualTo(204);
        assertThat(server.get("/api/v1/experiments", bearer(token)).status()).isEqualTo(401);
    }
}
