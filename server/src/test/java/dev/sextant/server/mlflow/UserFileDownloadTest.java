package dev.sextant.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route that hands out a user file, native and MLflow's, goes through the one download path: the sandbox,
 * nosniff, an attachment, and never a type a page on our origin would run as script or apply as a stylesheet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserFileDownloadTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The types the Python client sends for these names (mimetypes.guess_type), so they are what is stored. */
    private static final Map<String, String> FILES = Map.of(
            "evil.js", "text/javascript", "evil.mjs", "application/javascript", "evil.css", "text/css",
            "page.html", "text/html", "image.svg", "image/svg+xml");
    /** Types a browser runs or applies when a page loads them as a subresource (nosniff lets nothing else through). */
    private static final Set<String> ACTIVE_AS_SUBRESOURCE = Set.of("text/javascript", "application/javascript",
            "application/x-javascript", "text/ecmascript", "application/ecmascript", "text/css");

    private final HttpClient http = HttpClient.newHttpClient();
    private Server server;
    private String base;
    private String experimentId;
    private String runId;
    private String modelId;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dataDir));
        base = "http://127.0.0.1:" + server.port();
        experimentId = post("/api/2.0/mlflow/experiments/create", Map.of("name", "downloads")).get("experiment_id").asText();
        runId = post("/api/2.0/mlflow/runs/create", Map.of("experiment_id", experimentId)).at("/run/info/run_id").asText();
        modelId = post("/api/2.0/mlflow/logged-models", Map.of("experiment_id", experimentId, "name", "m")).at("/model/info/model_id").asText();
        for (var file : FILES.entrySet()) {
            put("/api/v1/runs/" + runId + "/artifacts/" + file.getKey(), file.getValue(), body(file.getKey()));
            put("/api/2.0/mlflow-artifacts/artifacts/" + experimentId + "/models/" + modelId + "/artifacts/" + file.getKey(),
                    file.getValue(), body(file.getKey()));
        }
        put("/api/v1/runs/" + runId + "/artifacts/digits.txt", "text/plain", "0123456789");
        post("/api/2.0/mlflow/registered-models/create", Map.of("name", "from-model"));
        post("/api/2.0/mlflow/model-versions/create", Map.of("name", "from-model", "source", "models:/" + modelId, "model_id", modelId));
        post("/api/2.0/mlflow/registered-models/create", Map.of("name", "from-run"));
        post("/api/2.0/mlflow/model-versions/create", Map.of("name", "from-run",
                "source", "mlflow-artifacts:/" + experimentId + "/" + runId + "/artifacts", "run_id", runId));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** Each download route, as a function of the file name. */
    private Map<String, java.util.function.Function<String, String>> routes() {
        var routes = new LinkedHashMap<String, java.util.function.Function<String, String>>();
        routes.put("native", name -> "/api/v1/runs/" + runId + "/artifacts/" + name);
        for (var prefix : List.of("/api/2.0", "/ajax-api/2.0")) {
            routes.put(prefix + " proxied run file", name -> prefix + "/mlflow-artifacts/artifacts/" + experimentId + "/" + runId
                    + "/artifacts/" + name);
            routes.put(prefix + " proxied model file", name -> prefix + "/mlflow-artifacts/artifacts/" + experimentId + "/models/"
                    + modelId + "/artifacts/" + name);
            routes.put(prefix + " logged-model file", name -> prefix + "/mlflow/logged-models/" + modelId
                    + "/artifacts/files?artifact_file_path=" + encode(name));
        }
        routes.put("get-artifact", name -> "/get-artifact?run_uuid=" + runId + "&path=" + encode(name));
        routes.put("model-versions/get-artifact of a logged model", name -> "/model-versions/get-artifact?name=from-model&version=1&path="
                + encode(name));
        routes.put("model-versions/get-artifact of run files", name -> "/model-versions/get-artifact?name=from-run&version=1&path="
                + encode(name));
        return routes;
    }

    @Test
    void every_download_route_serves_scripts_styles_html_and_svg_sandboxed_unsniffed_and_inert() throws Exception {
        for (var route : routes().entrySet()) {
            for (var name : FILES.keySet()) {
                var what = route.getKey() + " " + name;
                var response = get(route.getValue().apply(name), Map.of());
                assertThat(response.statusCode()).as(what).isEqualTo(200);
                assertThat(response.body()).as(what).isEqualTo(body(name));
                var headers = response.headers();
                assertThat(headers.firstValue("Content-Security-Policy").orElseThrow()).as(what).startsWith("sandbox")
                        .doesNotContain("allow-scripts");
                assertThat(headers.firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
                assertThat(headers.firstValue("Content-Disposition").orElseThrow()).as(what).startsWith("attachment");
                var type = headers.firstValue("Content-Type").orElseThrow();
                assertThat(baseType(type)).as(what + " is served as " + type).isNotIn(ACTIVE_AS_SUBRESOURCE);
                if (name.endsWith("js") || name.endsWith(".css")) assertThat(baseType(type)).as(what).isEqualTo("text/plain");
            }
        }
    }

    @Test
    void mlflow_downloads_honour_range_and_etag_as_the_native_one_does() throws Exception {
        var proxied = "/api/2.0/mlflow-artifacts/artifacts/" + experimentId + "/" + runId + "/artifacts/digits.txt";
        for (var path : List.of(proxied, "/get-artifact?run_uuid=" + runId + "&path=digits.txt",
                "/api/v1/runs/" + runId + "/artifacts/digits.txt")) {
            var part = get(path, Map.of("Range", "bytes=2-5"));
            assertThat(part.statusCode()).as(path).isEqualTo(206);
            assertThat(part.body()).as(path).isEqualTo("2345");
            assertThat(part.headers().firstValue("Content-Range")).as(path).hasValue("bytes 2-5/10");
            assertThat(part.headers().firstValue("Accept-Ranges")).as(path).hasValue("bytes");

            var whole = get(path, Map.of());
            assertThat(whole.body()).as(path).isEqualTo("0123456789");
            var etag = whole.headers().firstValue("ETag").orElseThrow();
            assertThat(get(path, Map.of("If-None-Match", etag)).statusCode()).as(path).isEqualTo(304);
            assertThat(get(path, Map.of("Range", "bytes=20-")).statusCode()).as(path).isEqualTo(416);
        }
        var model = "/api/2.0/mlflow-artifacts/artifacts/" + experimentId + "/models/" + modelId + "/artifacts/page.html";
        var part = get(model, Map.of("Range", "bytes=-5"));
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo(body("page.html").substring(body("page.html").length() - 5));
    }

    private static String body(String name) {
        return switch (name) {
            case "page.html" -> "<html><script>alert(document.cookie)</script></html>";
            case "image.svg" -> "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>";
            case "evil.css" -> "body { background: url(/api/v1/experiments) }";
            default -> "fetch('/api/v1/experiments').then(r => r.text()).then(alert);";
        };
    }

    private static String baseType(String contentType) {
        return contentType.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        headers.forEach(request::header);
        return http.send(request.build(), BodyHandlers.ofString());
    }

    private void put(String path, String contentType, String content) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .PUT(BodyPublishers.ofString(content)).build(), BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isIn(200, 201);
    }

    private JsonNode post(String path, Map<String, Object> body) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(MAPPER.writeValueAsString(body))).build(), BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return MAPPER.readTree(response.body());
    }
}
