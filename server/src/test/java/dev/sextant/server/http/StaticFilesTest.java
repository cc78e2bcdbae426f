package dev.sextant.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UI's files and the webjars, read from the class path by Javalin's own reader (App), with their content types
 * and revalidation. (Jetty's resource handler, used before, mounted the fat jar as a zip file system four times a
 * static-files entry; that shows only in the packaged jar, where it held ~60 MB of a 256 MB heap.)
 */
class StaticFilesTest {
    static final String UPLOT = "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js";
    @TempDir Path dir;

    @Test
    void ui_files_and_webjars_are_served_with_their_types_and_revalidated() throws Exception {
        try (var server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dir))) {
            var http = HttpClient.newHttpClient();
            var base = "http://127.0.0.1:" + server.port();
            for (var file : List.of(new String[] {"/", "text/html"}, new String[] {"/js/app.js", "text/javascript"},
                    new String[] {"/css/app.css", "text/css"}, new String[] {UPLOT, "text/javascript"})) {
                var response = http.send(HttpRequest.newBuilder(URI.create(base + file[0])).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(response.statusCode()).as(file[0]).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Type").orElse("")).as(file[0]).startsWith(file[1]);
                assertThat(response.body().length).as(file[0]).isGreaterThan(100);
                var etag = response.headers().firstValue("ETag").orElseThrow();
                var again = http.send(HttpRequest.newBuilder(URI.create(base + file[0])).header("If-None-Match", etag).build(),
                        HttpResponse.BodyHandlers.discarding());
                assertThat(again.statusCode()).as(file[0] + " revalidated").isEqualTo(304);
            }
            var missing = http.send(HttpRequest.newBuilder(URI.create(base + "/js/nothing.js")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).contains("ENDPOINT_NOT_FOUND");

        }
    }
}
