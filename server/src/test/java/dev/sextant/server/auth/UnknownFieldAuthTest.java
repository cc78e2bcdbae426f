package dev.sextant.server.auth;

import static dev.sextant.server.auth.AuthServer.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ADR 0018 for the auth routes, which need auth on: an unknown field is a 400 naming it, and nothing was granted. */
class UnknownFieldAuthTest {
    @TempDir
    Path dir;

    @Test
    void login_share_and_token_requests_with_unknown_fields_grant_nothing() {
        try (var server = new AuthServer(dir)) {
            var runId = server.seed("auth-fields")[1];

            var login = server.send("POST", "/api/v1/auth/login", "{\"token\":\"" + server.readToken + "\",\"remember\":true}",
                    Map.of("X-Sextant-CSRF", "1"));
            assertRefused(login, "auth.login: unknown field 'remember'; expected one of: token");
            assertThat(login.header("Set-Cookie")).isNull();

            var share = server.send("POST", "/api/v1/share", "{\"run_ids\":[\"" + runId + "\"],\"expires_in\":60}", bearer(server.writeToken));
            assertRefused(share, "auth.share: unknown field 'expires_in' (use 'expires_in_s', in seconds)");

            var token = server.send("POST", "/api/v1/auth/tokens", "{\"name\":\"ci\",\"scope\":\"read\",\"expires\":1}", bearer(server.adminToken));
            assertRefused(token, "auth.create_token: unknown field 'expires'; expected one of: name, scope");
            var tokens = server.get("/api/v1/auth/tokens", bearer(server.adminToken)).json().path("tokens");
            assertThat(tokens.findValuesAsText("name")).doesNotContain("ci");
        }
    }

    private static void assertRefused(AuthServer.Response response, String message) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(response.json().path("message").asText()).isEqualTo(message);
    }
}
