package dev.sextant.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import dev.sextant.server.auth.Scope;
import dev.sextant.server.auth.TokenEntry;
import dev.sextant.server.auth.TokenFile;
import dev.sextant.server.auth.TokenHash;
import dev.sextant.server.support.RawClient;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sextant serves no WebSockets: an upgrade request is an ordinary GET, so it meets the access check and makes no session. */
class WebSocketUpgradeTest {
    private static final Map<String, String> UPGRADE = upgradeHeaders();

    @TempDir
    Path dir;

    @Test
    void an_upgrade_request_without_a_token_is_401_and_creates_no_session() throws Exception {
        var tokens = dir.resolve("tokens");
        TokenFile.add(tokens, new TokenEntry("reader", Scope.READ, TokenHash.of(TokenHash.newToken())));
        try (var server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dir.resolve("data")), tokens);
             var client = new RawClient(server.port())) {
            for (var path : new String[] {"/api/v1/experiments", "/", "/no/such/path", "/api/2.0/mlflow/experiments/search"}) {
                for (int i = 0; i < 50; i++) {
                    var response = client.send("GET", path, UPGRADE, new byte[0], 0);
                    assertThat(response.status()).as(path).isEqualTo(path.equals("/") ? 302 : 401);
                    assertThat(response.headers()).as(path).doesNotContainKey("set-cookie");
                }
            }
        }
    }

    @Test
    void an_upgrade_request_with_auth_off_is_an_ordinary_get_and_creates_no_session() throws Exception {
        try (var server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dir.resolve("data")));
             var client = new RawClient(server.port())) {
            var unknown = client.send("GET", "/api/v1/no-such-route", UPGRADE, new byte[0], 0);
            var known = client.send("GET", "/api/v1/experiments", UPGRADE, new byte[0], 0);

            assertThat(unknown.status()).isEqualTo(404);
            assertThat(new ObjectMapper().readTree(unknown.body()).get("error_code").asText()).isEqualTo("ENDPOINT_NOT_FOUND");
            assertThat(known.status()).isEqualTo(200);
            assertThat(unknown.headers()).doesNotContainKey("set-cookie");
            assertThat(known.headers()).doesNotContainKey("set-cookie");
        }
    }

    private static Map<String, String> upgradeHeaders() {
        var headers = new LinkedHashMap<String, String>();
        headers.put("Connection", "Upgrade");
        headers.put("Upgrade", "websocket");
        headers.put("Sec-WebSocket-Version", "13");
        headers.put("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        return headers;
    }
}
