package dev.sextant.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import dev.sextant.server.service.Limits;
import dev.sextant.server.support.RawClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The artifact routes over real HTTP, on the real app with a temp SQLite file and a temp artifact folder. */
class ArtifactApiTest {
    private static final long MAX_ARTIFACT_BYTES = 2L * 1024 * 1024;

    @TempDir
    Path temp;

    private Server server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private String base;
    private String runId;

    @BeforeEach
    void start() throws Exception {
        var dataDir = temp.resolve("data");
        var config = ServerConfig.embedded("127.0.0.1", 0, dataDir)
                .withLimits(Limits.DEFAULTS.withMaxArtifactBytes(MAX_ARTIFACT_BYTES));
        server = Server.start(config);
        base = "http://127.0.0.1:" + server.port();
        runId = createRun();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String createRun() throws Exception {
        var response = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/runs")).POST(BodyPublishers.ofString("{}")));
        assertThat(response.statusCode()).isEqualTo(201);
        return json.readTree(response.body()).get("run_id").asText();
    }

    private String url(String path) {
        return base + "/api/v1/runs/" + runId + "/artifacts/" + path;
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> put(String path, byte[] body, String contentType) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url(path))).PUT(BodyPublishers.ofByteArray(body));
        if (contentType != null) request.header("Content-Type", contentType);
        return send(request);
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url(path))).GET();
        if (headers.length > 0) request.headers(headers);
        return send(request);
    }

    private JsonNode body(HttpResponse<byte[]> response) throws IOException {
        return json.readTree(response.body());
    }

    static byte[] randomBytes(int size) {
        var bytes = new byte[size];
        new SplittableRandom(size).nextBytes(bytes);
        return bytes;
    }

    @Test
    void an_uploaded_file_downloads_with_its_metadata() throws Exception {
        var bytes = randomBytes(300_000);
        var created = put("models/best.ckpt", bytes, null);
        assertThat(created.statusCode()).isEqualTo(201);
        var file = body(created);
        assertThat(file.get("path").asText()).isEqualTo("models/best.ckpt");
        assertThat(file.get("size_bytes").asLong()).isEqualTo(bytes.length);
        var sha256 = file.get("sha256").asText();

        var download = get("models/best.ckpt");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(bytes);
        var headers = download.headers();
        assertThat(headers.firstValue("Content-Length")).hasValue(Integer.toString(bytes.length));
        assertThat(headers.firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(headers.firstValue("ETag")).hasValue("\"" + sha256 + "\"");
        assertThat(headers.firstValue("Last-Modified")).isPresent();
        assertThat(headers.firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(headers.firstValue("Content-Security-Policy").orElseThrow()).startsWith("sandbox");
        assertThat(headers.firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;").contains("best.ckpt");
    }

    @Test
    void a_range_resume_reassembles_the_original_bytes() throws Exception {
        var bytes = randomBytes(1_000_000);
        put("data.bin", bytes, null);
        var first = get("data.bin", "Range", "bytes=0-399999");
        assertThat(first.statusCode()).isEqualTo(206);
        assertThat(first.headers().firstValue("Content-Range")).hasValue("bytes 0-399999/1000000");
        var rest = get("data.bin", "Range", "bytes=400000-");
        assertThat(rest.statusCode()).isEqualTo(206);
        assertThat(rest.headers().firstValue("Content-Length")).hasValue("600000");
        var joined = new byte[bytes.length];
        System.arraycopy(first.body(), 0, joined, 0, first.body().length);
        System.arraycopy(rest.body(), 0, joined, first.body().length, rest.body().length);
        assertThat(joined).isEqualTo(bytes);
        assertThat(get("data.bin", "Range", "bytes=-10").body()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 999_990, 1_000_000));
    }

    @Test
    void a_range_past_the_end_is_416_with_the_size() throws Exception {
        put("small.txt", "hello".getBytes(), null);
        var response = get("small.txt", "Range", "bytes=5-");
        assertThat(response.statusCode()).isEqualTo(416);
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes */5");
    }

    @Test
    void if_range_with_an_old_etag_sends_the_whole_file() throws Exception {
        put("f.txt", "0123456789".getBytes(), null);
        var response = get("f.txt", "Range", "bytes=2-3", "If-Range", "\"not-the-etag\"");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(10);
    }

    @Test
    void a_matching_if_none_match_is_304_without_a_body() throws Exception {
        put("f.json", "{\"a\":1}".getBytes(), null);
        var etag = get("f.json").headers().firstValue("ETag").orElseThrow();
        var response = get("f.json", "If-None-Match", etag);
        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(response.body()).isEmpty();
        assertThat(get("f.json", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    }

    @Test
    void head_gives_the_headers_and_no_body() throws Exception {
        put("notes.txt", "some notes".getBytes(), null);
        var response = send(HttpRequest.newBuilder(URI.create(url("notes.txt"))).method("HEAD", BodyPublishers.noBody()));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Length")).hasValue("10");
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void only_inert_types_are_previewed_inline() throws Exception {
        put("plot.png", new byte[] {1, 2, 3}, null);
        put("page.html", "<script>alert(1)</script>".getBytes(), null);
        put("image.svg", "<svg onload=alert(1)/>".getBytes(), null);
        put("sneaky.png", "<script>alert(1)</script>".getBytes(), "text/html");
        put("table.csv", "a,b\n1,2\n".getBytes(), null);
        assertThat(get("plot.png").headers().firstValue("Content-Disposition").orElseThrow()).startsWith("inline");
        assertThat(get("table.csv").headers().firstValue("Content-Disposition").orElseThrow()).startsWith("inline");
        for (var name : List.of("page.html", "image.svg", "sneaky.png")) {
            var headers = get(name).headers();
            assertThat(headers.firstValue("Content-Disposition").orElseThrow()).as(name).startsWith("attachment");
            assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(headers.firstValue("Content-Security-Policy").orElseThrow()).startsWith("sandbox");
        }
        assertThat(get("sneaky.png").headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    }

    @Test
    void listing_shows_files_and_immediate_folders_of_a_prefix() throws Exception {
        for (var path : List.of("a.txt", "plots/loss.png", "plots/acc.png", "plots/epoch/1.png", "models/m.bin")) {
            put(path, path.getBytes(), null);
        }
        var top = body(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/runs/" + runId + "/artifacts")).GET()));
        assertThat(top.get("files").findValuesAsText("path")).containsExactly("a.txt");
        assertThat(top.get("folders").findValuesAsText("path")).containsExactly("models", "plots");
        assertThat(top.get("folders").get(1).get("file_count").asInt()).isEqualTo(3);
        var plots = body(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/runs/" + runId + "/artifacts?prefix=plots/")).GET()));
        assertThat(plots.get("files").findValuesAsText("path")).containsExactly("plots/acc.png", "plots/loss.png");
        assertThat(plots.get("folders").findValuesAsText("path")).containsExactly("plots/epoch");
    }

    @Test
    void the_zip_holds_every_file_of_the_run() throws Exception {
        var files = Map.of("a.txt", "A".getBytes(), "plots/loss.png", randomBytes(5000), "deep/er/x.bin", randomBytes(70_000));
        for (var entry : files.entrySet()) put(entry.getKey(), entry.getValue(), null);
        var response = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/runs/" + runId + "/artifacts.zip")).GET());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");
        var unzipped = new HashMap<String, byte[]>();
        try (var zip = new ZipInputStream(new ByteArrayInputStream(response.body()))) {
            for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                unzipped.put(entry.getName(), zip.readAllBytes());
            }
        }
        assertThat(unzipped).containsOnlyKeys(files.keySet());
        files.forEach((name, bytes) -> assertThat(unzipped.get(name)).isEqualTo(bytes));
    }

    @Test
    void deleting_a_file_and_a_folder_removes_them_from_the_index_and_the_disk() throws Exception {
        for (var path : List.of("keep.txt", "gone.txt", "dir/a.txt", "dir/sub/b.txt")) put(path, path.getBytes(), null);
        assertThat(send(HttpRequest.newBuilder(URI.create(url("gone.txt"))).DELETE()).statusCode()).isEqualTo(200);
        assertThat(get("gone.txt").statusCode()).isEqualTo(404);
        var notRecursive = send(HttpRequest.newBuilder(URI.create(url("dir"))).DELETE());
        assertThat(notRecursive.statusCode()).isEqualTo(400);
        assertThat(body(notRecursive).get("message").asText()).contains("recursive=true");
        var recursive = send(HttpRequest.newBuilder(URI.create(url("dir") + "?recursive=true")).DELETE());
        assertThat(body(recursive).get("deleted_files").asInt()).isEqualTo(2);
        assertThat(send(HttpRequest.newBuilder(URI.create(url("nothing"))).DELETE()).statusCode()).isEqualTo(404);
        Path runFolder = temp.resolve("data/artifacts").resolve(runId);
        try (Stream<Path> files = Files.walk(runFolder)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> runFolder.relativize(p).toString())).containsExactly("keep.txt");
        }
    }

    @Test
    void a_deleted_run_keeps_its_files_readable_refuses_writes_and_purge_removes_them() throws Exception {
        put("model.bin", randomBytes(1000), null);
        var runUrl = base + "/api/v1/runs/" + runId;
        assertThat(send(HttpRequest.newBuilder(URI.create(runUrl + "/purge")).POST(BodyPublishers.noBody())).statusCode())
                .isEqualTo(409);
        assertThat(send(HttpRequest.newBuilder(URI.create(runUrl)).DELETE()).statusCode()).isEqualTo(204);
        assertThat(get("model.bin").statusCode()).isEqualTo(200);
        assertThat(put("another.bin", new byte[10], null).statusCode()).isEqualTo(400);
        assertThat(send(HttpRequest.newBuilder(URI.create(url("model.bin"))).DELETE()).statusCode()).isEqualTo(400);
        Path runFolder = temp.resolve("data/artifacts").resolve(runId);
        assertThat(runFolder.resolve("model.bin")).exists();
        assertThat(runFolder.resolve("another.bin")).doesNotExist();

        var purge = send(HttpRequest.newBuilder(URI.create(runUrl + "/purge")).POST(BodyPublishers.noBody()));
        assertThat(purge.statusCode()).isEqualTo(200);
        assertThat(body(purge).get("purged_files").asInt()).isEqualTo(1);
        assertThat(runFolder).doesNotExist();
        assertThat(get("model.bin").statusCode()).isEqualTo(404);
    }

    @Test
    void the_run_records_where_its_artifacts_live() throws Exception {
        var run = body(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/runs/" + runId)).GET()));
        assertThat(run.get("artifact_uri").asText()).startsWith("file:").endsWith("/artifacts/" + runId);
    }

    @Test
    void an_unknown_run_is_404_and_a_missing_file_is_404() throws Exception {
        var response = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/runs/" + "0".repeat(32) + "/artifacts/a.txt"))
                .PUT(BodyPublishers.ofString("x")));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(body(response).get("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
        assertThat(get("no/such/file.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void an_upload_over_the_limit_is_413_and_stores_nothing() throws Exception {
        var tooBig = randomBytes((int) MAX_ARTIFACT_BYTES + 1);
        var known = put("big.bin", tooBig, null);
        assertThat(known.statusCode()).isEqualTo(413);
        assertThat(body(known).get("error_code").asText()).isEqualTo("REQUEST_TOO_LARGE");
        // Without Content-Length (chunked) the limit is enforced while streaming.
        var chunked = send(HttpRequest.newBuilder(URI.create(url("big.bin")))
                .PUT(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tooBig))));
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(get("big.bin").statusCode()).isEqualTo(404);
        try (var partial = Files.list(temp.resolve("data/artifacts/.partial"))) {
            assertThat(partial).isEmpty();
        }
    }

    @Test
    void a_chunked_upload_of_unknown_length_is_stored_whole() throws Exception {
        var bytes = randomBytes(500_000);
        var response = send(HttpRequest.newBuilder(URI.create(url("stream.bin")))
                .PUT(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(get("stream.bin").body()).isEqualTo(bytes);
    }

    @Test
    void a_file_cannot_sit_where_a_folder_is_or_below_a_file() throws Exception {
        put("x/y.txt", "y".getBytes(), null);
        assertThat(put("x", "x".getBytes(), null).statusCode()).isEqualTo(400);
        put("f.txt", "f".getBytes(), null);
        assertThat(put("f.txt/inner", "i".getBytes(), null).statusCode()).isEqualTo(400);
    }

    static Stream<String> hostilePaths() {
        var paths = new ArrayList<>(List.of(
                "../escape.txt", "../../escape.txt", "a/../../escape.txt", "a/../b.txt", "..", ".", "./a.txt", "a/./b.txt",
                "..%2fescape.txt", "..%2Fescape.txt", "%2e%2e/escape.txt", "%2E%2E/escape.txt", "%2e%2e%2fescape.txt",
                ".%2e/escape.txt", "%2e./escape.txt", "a/%2e%2e/%2e%2e/escape.txt", "%252e%252e/escape.txt",
                "%252e%252e%252fescape.txt", "..%252fescape.txt",
                "/etc/passwd", "%2fetc%2fpasswd", "%2Fescape.txt", "C:/escape.txt", "c:%5cescape.txt",
                "a\\..\\escape.txt", "..\\escape.txt", "a%5c..%5cescape.txt", "%5cescape.txt",
                "a%00.txt", "a.txt%00.png", "%00", "a%0d%0aSet-Cookie:x=1", "a%7fb",
                "a//b.txt", "a/", "a%2f%2fb", "%2f", "%c0%ae%c0%ae/escape.txt", "%e0%80%ae%e0%80%ae/x", "%zz", "a%",
                "x".repeat(256), "a/" + "y".repeat(256), "d/".repeat(520) + "f"));
        return paths.stream();
    }

    @ParameterizedTest
    @MethodSource("hostilePaths")
    void a_hostile_path_is_rejected_with_400_for_every_method(String rawPath) throws Exception {
        var target = "/api/v1/runs/" + runId + "/artifacts/" + rawPath;
        var body = "escape!".getBytes(StandardCharsets.UTF_8);
        try (var raw = new RawClient(server.port())) {
            assertThat(raw.send("PUT", target, body).status()).as("PUT " + rawPath).isEqualTo(400);
            assertThat(raw.send("GET", target, new byte[0]).status()).as("GET " + rawPath).isEqualTo(400);
            assertThat(raw.send("DELETE", target + "?recursive=true", new byte[0]).status()).as("DELETE " + rawPath)
                    .isEqualTo(400);
        }
        // Nothing was created anywhere: not in the artifact folder, not beside it.
        try (Stream<Path> files = Files.walk(temp)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> temp.relativize(p).toString()))
                    .allMatch(name -> name.startsWith("data/sextant.db"));
        }
    }

    @Test
    void there_are_at_least_30_hostile_variants() {
        assertThat(hostilePaths().count()).isGreaterThanOrEqualTo(30);
    }
}
