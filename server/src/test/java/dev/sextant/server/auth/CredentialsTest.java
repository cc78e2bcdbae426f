package dev.sextant.server.auth;

import static dev.sextant.server.auth.AuthServer.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Bearer, Basic, cookie and share-link credentials: what gets in, what is refused, and CSRF for cookies. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CredentialsTest {
    AuthServer server;
    String runId;
    String otherRunId;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = new AuthServer(dir);
        runId = server.seed("shared")[1];
        otherRunId = server.seed("private")[1];
    }

    @AfterAll
    void stop() {
        server.close();
    }

    static Map<String, String> basic(String user, String password) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    int status(Map<String, String> headers) {
        return server.get("/api/v1/experiments", headers).status();
    }

    @Test
    void basic_auth_takes_the_token_as_password_with_any_user_name() {
        assertThat(status(basic("anyone", server.readToken))).isEqualTo(200);
        assertThat(status(basic("", server.readToken))).isEqualTo(200);
        assertThat(status(basic("anyone", "wrong"))).isEqualTo(401);
        assertThat(status(basic(server.readToken, ""))).isEqualTo(401);
    }

    @Test
    void garbage_and_near_miss_tokens_are_401() {
        var almost = server.readToken.substring(0, server.readToken.length() - 1) + (server.readToken.endsWith("A") ? "B" : "A");
        for (var header : List.of("Bearer garbage", "Bearer " + almost, "Bearer " + TokenHash.newToken(), "Bearer ",
                "Token " + server.readToken, server.readToken, "Basic !!!notbase64", "Bearer " + "x".repeat(4000),
                "Bearer shr_garbage.garbage", "Bearer " + server.readToken + "x")) {
            var response = server.get("/api/v1/experiments", Map.of("Authorization", header));
            assertThat(response.status()).as(header.length() > 80 ? header.substring(0, 80) : header).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        }
    }

    @Test
    void a_wrong_authorization_header_is_not_rescued_by_a_good_cookie() {
        var headers = Map.of("Authorization", "Bearer wrong", "Cookie", "sextant_token=" + server.readToken);
        assertThat(status(headers)).isEqualTo(401);
    }

    String login(String token) {
        var response = server.send("POST", "/api/v1/auth/login", "{\"token\":\"" + token + "\"}", Map.of("X-Sextant-CSRF", "1"));
        assertThat(response.status()).isEqualTo(200);
        var cookie = response.header("Set-Cookie");
        assertThat(cookie).startsWith("sextant_token=").contains("HttpOnly").containsIgnoringCase("SameSite=Strict").contains("Path=/");
        return cookie.substring(0, cookie.indexOf(';'));
    }

    @Test
    void login_sets_an_http_only_cookie_that_reads_and_refuses_a_bad_token() {
        var cookie = login(server.writeToken);
        assertThat(status(Map.of("Cookie", cookie))).isEqualTo(200);
        var whoami = server.get("/api/v1/auth/whoami", Map.of("Cookie", cookie)).json();
        assertThat(whoami.get("name").asText()).isEqualTo("writer");
        assertThat(server.send("POST", "/api/v1/auth/login", "{\"token\":\"nope\"}", Map.of("X-Sextant-CSRF", "1")).status()).isEqualTo(401);
        // Login CSRF: no custom header and no same-origin Origin.
        assertThat(server.send("POST", "/api/v1/auth/login", "{\"token\":\"" + server.writeToken + "\"}", Map.of()).status()).isEqualTo(403);
        var logout = server.send("POST", "/api/v1/auth/logout", null, Map.of());
        assertThat(logout.status()).isEqualTo(204);
        assertThat(logout.header("Set-Cookie")).startsWith("sextant_token=;").contains("Expires=Thu, 01 Jan 1970");
    }

    @Test
    void a_cookie_write_without_the_csrf_header_or_same_origin_is_403_and_writes_nothing() {
        var cookie = login(server.writeToken);
        var before = server.get("/api/v1/experiments", bearer(server.readToken)).body();
        var refused = server.send("POST", "/api/v1/experiments", "{\"name\":\"csrf\"}", Map.of("Cookie", cookie));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("error_code").asText()).isEqualTo("PERMISSION_DENIED");
        var crossSite = server.send("POST", "/api/v1/experiments", "{\"name\":\"csrf\"}", Map.of("Cookie", cookie, "Origin", "https://evil.example"));
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(server.get("/api/v1/experiments", bearer(server.readToken)).body()).isEqualTo(before);

        var withHeader = server.send("POST", "/api/v1/experiments", "{\"name\":\"csrf-ok\"}", Map.of("Cookie", cookie, "X-Sextant-CSRF", "1"));
        assertThat(withHeader.status()).isEqualTo(201);
        var sameOrigin = server.send("POST", "/api/v1/experiments", "{\"name\":\"origin-ok\"}",
                Map.of("Cookie", cookie, "Origin", server.baseUrl));
        assertThat(sameOrigin.status()).isEqualTo(201);
        // Bearer is exempt: browsers never add it on their own.
        assertThat(server.send("POST", "/api/v1/experiments", "{\"name\":\"bearer\"}", bearer(server.writeToken)).status()).isEqualTo(201);
    }

    String share(List<String> runIds) {
        var body = "{\"run_ids\":[\"" + String.join("\",\"", runIds) + "\"],\"expires_in_s\":3600}";
        var response = server.send("POST", "/api/v1/share", body, bearer(server.writeToken));
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().get("url").asText()).startsWith(server.baseUrl + "/share.html#shr_");
        return response.json().get("token").asText();
    }

    @Test
    void a_share_link_reads_its_runs_and_nothing_else() {
        var link = bearer(share(List.of(runId)));
        assertThat(server.get("/api/v1/runs/" + runId, link).status()).isEqualTo(200);
        assertThat(server.get("/api/v1/runs/" + runId + "/metrics/loss", link).status()).isEqualTo(200);
        assertThat(server.get("/api/v1/runs/" + runId + "/artifacts", link).status()).isEqualTo(200);
        assertThat(server.get("/api/v1/runs/" + runId + "/artifacts/page.html", link).status()).isEqualTo(200);
        assertThat(server.get("/api/v1/charts/metric.png?run_id=" + runId + "&key=loss", link).status()).isEqualTo(200);
        assertThat(server.send("POST", "/api/v1/metrics/query", "{\"run_ids\":[\"" + runId + "\"],\"keys\":[\"loss\"]}", link).status()).isEqualTo(200);

        assertThat(server.get("/api/v1/runs/" + otherRunId, link).status()).isEqualTo(403);
        assertThat(server.get("/api/v1/charts/metric.png?run_id=" + runId + "&run_id=" + otherRunId + "&key=loss", link).status()).isEqualTo(403);
        assertThat(server.send("POST", "/api/v1/metrics/query", "{\"run_ids\":[\"" + otherRunId + "\"],\"keys\":[\"loss\"]}", link).status()).isEqualTo(403);
        assertThat(server.get("/api/v1/experiments", link).status()).isEqualTo(403);
        assertThat(server.send("POST", "/api/v1/runs/search", "{}", link).status()).isEqualTo(403);
        assertThat(server.get("/api/2.0/mlflow/runs/get?run_id=" + runId, link).status()).isEqualTo(403);
        assertThat(server.send("PATCH", "/api/v1/runs/" + runId, "{\"name\":\"x\"}", link).status()).isEqualTo(403);
        assertThat(server.send("POST", "/api/v1/share", "{\"run_ids\":[\"" + otherRunId + "\"]}", link).status()).isEqualTo(403);
    }

    @Test
    void a_share_link_for_a_compare_view_covers_all_its_runs() {
        var link = bearer(share(List.of(runId, otherRunId)));
        var body = "{\"run_ids\":[\"" + runId + "\",\"" + otherRunId + "\"],\"keys\":[\"loss\"]}";
        assertThat(server.send("POST", "/api/v1/metrics/query", body, link).status()).isEqualTo(200);
        assertThat(server.get("/api/v1/runs/" + otherRunId, link).status()).isEqualTo(200);
    }

    @Test
    void a_share_link_may_group_its_own_runs_but_not_an_experiment_or_other_runs() {
        var link = bearer(share(List.of(runId)));
        var sharedExperiment = server.seed("shared-groups")[0];
        assertThat(server.send("POST", "/api/v1/metrics/groups", "{\"run_ids\":[\"" + runId + "\"],\"key\":\"loss\"}", link).status())
                .isEqualTo(200);
        assertThat(server.send("POST", "/api/v1/metrics/groups", "{\"run_ids\":[\"" + runId + "\",\"" + otherRunId + "\"],\"key\":\"loss\"}", link)
                .status()).isEqualTo(403);
        assertThat(server.send("POST", "/api/v1/metrics/groups", "{\"run_ids\":[\"" + runId + "\"],\"experiment_ids\":[\"" + sharedExperiment
                + "\"],\"key\":\"loss\"}", link).status()).isEqualTo(403);
    }

    @Test
    void expired_forged_and_foreign_share_links_are_401() throws Exception {
        var keyFile = server.tokensFile.resolveSibling(server.tokensFile.getFileName() + ".share-key");
        var past = Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC);
        var writer = TokenFile.read(server.tokensFile).stream().filter(entry -> entry.name().equals("writer")).findFirst().orElseThrow();
        var creator = new Principal.Token("writer", Scope.WRITE, writer.hash().id());
        var expired = new ShareLinks(keyFile, past).create(List.of(runId), Duration.ofDays(1), creator);
        var foreign = new ShareLinks(server.tokensFile.resolveSibling("other.key"), Clock.systemUTC())
                .create(List.of(runId), Duration.ofDays(1), creator);
        var genuine = share(List.of(runId));
        var payload = genuine.substring(ShareLinks.PREFIX.length(), genuine.indexOf('.'));
        var decoded = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
        var widened = Base64.getUrlEncoder().withoutPadding().encodeToString((decoded + "," + otherRunId).getBytes(StandardCharsets.UTF_8));
        var forged = ShareLinks.PREFIX + widened + genuine.substring(genuine.indexOf('.'));
        for (var link : List.of(expired, foreign, forged)) {
            assertThat(server.get("/api/v1/runs/" + runId, bearer(link)).status()).isEqualTo(401);
            assertThat(server.get("/api/v1/runs/" + otherRunId, bearer(link)).status()).isEqualTo(401);
        }
        assertThat(Files.exists(keyFile)).isTrue();
    }

    @Test
    void revoking_a_token_takes_effect_on_the_next_request_and_kills_its_share_links() {
        var token = server.add("temporary", Scope.WRITE);
        assertThat(status(bearer(token))).isEqualTo(200);
        var link = server.send("POST", "/api/v1/share", "{\"run_ids\":[\"" + runId + "\"]}", bearer(token)).json().get("token").asText();
        assertThat(server.get("/api/v1/runs/" + runId, bearer(link)).status()).isEqualTo(200);
        assertThat(TokenFile.remove(server.tokensFile, "temporary")).isTrue();
        assertThat(status(bearer(token))).isEqualTo(401);
        assertThat(server.get("/api/v1/runs/" + runId, bearer(link)).status()).isEqualTo(401);
    }

    @Test
    void a_share_link_dies_with_its_token_even_when_another_token_later_takes_its_name() {
        var token = server.add("sharer", Scope.WRITE);
        var link = server.send("POST", "/api/v1/share", "{\"run_ids\":[\"" + runId + "\"]}", bearer(token)).json().get("token").asText();
        assertThat(server.get("/api/v1/runs/" + runId, bearer(link)).status()).isEqualTo(200);

        assertThat(TokenFile.remove(server.tokensFile, "sharer")).isTrue();
        server.add("sharer", Scope.READ);
        assertThat(server.get("/api/v1/runs/" + runId, bearer(link)).status()).isEqualTo(401);
        assertThat(TokenFile.remove(server.tokensFile, "sharer")).isTrue();
        server.add("sharer", Scope.WRITE);
        assertThat(server.get("/api/v1/runs/" + runId, bearer(link)).status()).isEqualTo(401);
    }

    @Test
    void deleting_the_share_key_ends_every_link_at_once_and_the_next_share_makes_a_new_key() throws Exception {
        var keyFile = server.tokensFile.resolveSibling(server.tokensFile.getFileName() + ".share-key");
        var old = bearer(share(List.of(runId)));
        assertThat(server.get("/api/v1/runs/" + runId, old).status()).isEqualTo(200);

        Files.delete(keyFile);
        assertThat(server.get("/api/v1/runs/" + runId, old).status()).isEqualTo(401);

        var fresh = bearer(share(List.of(runId)));
        assertThat(Files.exists(keyFile)).isTrue();
        assertThat(server.get("/api/v1/runs/" + runId, fresh).status()).isEqualTo(200);
        assertThat(server.get("/api/v1/runs/" + runId, old).status()).isEqualTo(401);
    }

    @Test
    void the_tokens_file_holds_hashes_never_tokens() throws Exception {
        var text = Files.readString(server.tokensFile);
        assertThat(text).doesNotContain(server.readToken, server.writeToken, server.adminToken).contains("sha256:");
    }
}
