package dev.sextant.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.auth.Access;
import dev.sextant.server.http.Route;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OpenApiCoverageTest extends ApiTestBase {

    /** One operation of openapi.yaml: whether it documents a request body, and whether it needs no token. */
    record Operation(boolean hasBody, boolean open) {}

    /**
     * "METHOD /path" → operation for every operation in openapi.yaml (paths at indent 2, methods at indent 4, their
     * requestBody and security at indent 6).
     */
    private static Map<String, Operation> documentedOperations() throws IOException {
        String yaml;
        try (InputStream in = OpenApiCoverageTest.class.getResourceAsStream("/openapi.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        var operations = new LinkedHashMap<String, Operation>();
        String currentPath = null;
        String current = null;
        boolean inPaths = false;
        for (var line : yaml.split("\n")) {
            if (line.equals("paths:")) inPaths = true;
            else if (!line.startsWith(" ") && !line.isBlank()) inPaths = false;
            if (!inPaths) continue;
            if (line.matches("  /\\S*:\\s*")) {
                currentPath = line.trim().replaceAll(":$", "");
                current = null;
            }
            var method = line.matches("    (get|put|post|patch|delete|head):.*") ? line.trim().split(":")[0] : null;
            if (method != null && currentPath != null) {
                current = method.toUpperCase(Locale.ROOT) + " " + currentPath;
                operations.put(current, new Operation(false, false));
            } else if (line.matches("    \\S.*")) {
                current = null; // path-level keys (parameters) end the operation
            }
            if (current == null) continue;
            var operation = operations.get(current);
            if (line.startsWith("      requestBody:")) operations.put(current, new Operation(true, operation.open()));
            if (line.startsWith("      security:")) {
                var requirements = line.trim().substring("security:".length()).trim();
                boolean open = requirements.equals("[]") || requirements.contains("{}"); // {} = no token needed
                operations.put(current, new Operation(operation.hasBody(), open));
            }
        }
        return operations;
    }

    private static String operation(Route route) {
        return route.method().name() + " " + route.path().replace('<', '{').replace('>', '}');
    }

    @Test
    void every_registered_route_is_described_in_openapi_yaml() throws IOException {
        var documented = documentedOperations().keySet();
        var routes = server.routes();
        assertThat(routes).isNotEmpty();
        for (var route : routes) {
            assertThat(documented).as("openapi.yaml documents " + operation(route)).contains(operation(route));
        }
    }

    @Test
    void every_operation_in_openapi_yaml_is_a_registered_route() throws IOException {
        var registered = server.routes().stream().map(OpenApiCoverageTest::operation).collect(Collectors.toSet());
        assertThat(registered).containsAll(documentedOperations().keySet());
    }

    @Test
    void a_route_reads_a_body_and_needs_no_token_exactly_where_openapi_yaml_says_so() throws IOException {
        var documented = documentedOperations();
        for (var route : server.routes()) {
            var operation = documented.get(operation(route));
            assertThat(operation.hasBody()).as(operation(route) + " requestBody, declared " + route.body())
                    .isEqualTo(route.body() != Route.Body.NONE);
            assertThat(operation.open()).as(operation(route) + " security, declared " + route.access())
                    .isEqualTo(route.access() == Access.OPEN);
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
