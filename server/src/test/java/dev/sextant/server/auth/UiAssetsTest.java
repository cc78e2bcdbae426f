package dev.sextant.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import dev.sextant.server.http.UiAssets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pages load scripts and styles from /assets/<this build's version>/, cached for good; nothing else is there. */
class UiAssetsTest {
    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"(/assets/[^\"]+)\"");

    @TempDir Path dir;

    @Test
    void pages_name_this_builds_assets_which_are_cached_for_good() throws Exception {
        var version = UiAssets.version();
        assertThat(version).matches("[0-9A-Za-z._-]+"); // the build wrote it; not the "${...}" placeholder
        try (var server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dir))) {
            var http = HttpClient.newHttpClient();
            var base = "http://127.0.0.1:" + server.port();
            for (var page : List.of("/", "/login.html", "/share.html")) {
                var html = get(http, base + page);
                assertThat(html.statusCode()).as(page).isEqualTo(200);
                assertThat(html.headers().firstValue("Cache-Control")).as(page).hasValue("max-age=0"); // revalidated
                var assets = ASSET.matcher(html.body()).results().map(m -> m.group(1)).toList();
                assertThat(assets).as(page).isNotEmpty().allMatch(path -> path.startsWith("/assets/" + version + "/"));
                for (var asset : assets) {
                    var response = get(http, base + asset);
                    assertThat(response.statusCode()).as(asset).isEqualTo(200);
                    assertThat(response.headers().firstValue("Cache-Control")).as(asset).hasValue("public, max-age=31536000, immutable");
                    assertThat(response.headers().firstValue("Content-Type")).as(asset).hasValueSatisfying(
                            type -> assertThat(type).containsAnyOf("javascript", "text/css"));
                    assertThat(response.body()).as(asset).isEqualTo(get(http, base + asset.replace("/assets/" + version, "")).body());
                }
            }
            assertThat(get(http, base + "/").body()).contains("/assets/" + version + "/js/app.js", "/assets/" + version + "/js/runs-request.js");
            // Another build's URL, or a page under the prefix, is not served: only this build's scripts and styles.
            assertThat(get(http, base + "/assets/0" + version + "/js/app.js").statusCode()).isEqualTo(404);
            assertThat(get(http, base + "/assets/" + version + "/index.html").statusCode()).isEqualTo(404);
            assertThat(get(http, base + "/assets/" + version + "/js/nothing.js").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void with_auth_on_the_login_page_loads_its_assets_without_a_token() {
        try (var server = new AuthServer(dir)) {
            var login = server.get("/login.html", Map.of());
            assertThat(login.status()).isEqualTo(200);
            var assets = ASSET.matcher(login.body()).results().map(m -> m.group(1)).toList();
            assertThat(assets).hasSize(2);
            for (var asset : assets) assertThat(server.get(asset, Map.of()).status()).as(asset).isEqualTo(200);
            assertThat(server.get("/", Map.of()).status()).isEqualTo(302); // the pages still need a token
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
