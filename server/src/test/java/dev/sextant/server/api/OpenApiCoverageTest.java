package dev.sextant.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenApiCoverageTest extends ApiTestBase {

    /** "METHOD /path" for every operation in openapi.yaml (paths at indent 2, methods at indent 4). */
    private static Set<String> documentedOperations() throws IOException {
        String yaml;
        try (InputStream in = OpenApiCoverageTest.class.getResourceAsStream("/openapi.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        var operations = new HashSet<String>();
        String currentPath = null;
        boolean inPaths = false;
        for (var line : yaml.split("\n")) {
            if (line.equals("paths:")) inPaths = true;
            else if (!line.startsWith(" ") && !line.isBlank()) inPaths = false;
            if (!inPaths) continue;
            if (line.matches("  /\\S*:\\s*")) currentPath = line.trim().replaceAll(":$", "");
            var method = line.matches("    (get|put|post|patch|delete|head):.*") ? line.trim().split(":")[0] : null;
            if (method != null && currentPath != null) operations.add(method.toUpperCase(Locale.ROOT) + " " + currentPath);
        }
        return operations;
    }

    @Test
    void every_registered_route_is_described_in_openapi_yaml() throws IOException {
        var documented = documentedOperations();
        var routes = server.routes();
        assertThat(routes).isNotEmpty();
        for (var route : routes) {
            var path = route.path().replace('<', '{').replace('>', '}');
            assertThat(documented).as("openapi.yaml documents " + route.method() + " " + path)
                    .contains(route.method().name() + " " + path);
        }
    }

    @Test
    void the_spec_is_served_and_links_to_a_docs_page() {
        var http = java.net.http.HttpClient.newHttpClient();
        try {
            var response = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + server.port() + "/api/v1/openapi.yaml")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).startsWith("openapi: 3");
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
