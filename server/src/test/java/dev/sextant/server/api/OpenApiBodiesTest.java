package dev.sextant.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.sextant.server.http.Route;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * ADR 0018: each native request body in openapi.yaml is closed ({@code additionalProperties: false}) and lists exactly
 * the fields the server reads, nested records included, so the document clients are written from cannot drift from
 * what the server refuses.
 */
class OpenApiBodiesTest extends ApiTestBase {
    /** The record each JSON route reads (Requests.body in its handler). */
    private static final Map<String, Class<?>> RECORDS = Map.ofEntries(
            Map.entry("POST /api/v1/experiments", ExperimentHandlers.CreateExperimentRequest.class),
            Map.entry("PATCH /api/v1/experiments/{experiment_id}", ExperimentHandlers.UpdateExperimentRequest.class),
            Map.entry("PUT /api/v1/experiments/{experiment_id}/tags", ExperimentHandlers.TagsRequest.class),
            Map.entry("POST /api/v1/experiments/{experiment_id}/views", ViewHandlers.ViewRequest.class),
            Map.entry("PUT /api/v1/experiments/{experiment_id}/views/{view_id}", ViewHandlers.ViewRequest.class),
            Map.entry("POST /api/v1/runs", RunHandlers.CreateRunRequest.class),
            Map.entry("POST /api/v1/runs/search", RunHandlers.SearchRunsRequest.class),
            Map.entry("PATCH /api/v1/runs/{run_id}", RunHandlers.UpdateRunRequest.class),
            Map.entry("POST /api/v1/runs/{run_id}/config", RunHandlers.ConfigRequest.class),
            Map.entry("PUT /api/v1/runs/{run_id}/tags", RunHandlers.TagsRequest.class),
            Map.entry("POST /api/v1/runs/{run_id}/inputs", RunHandlers.InputsRequest.class),
            Map.entry("POST /api/v1/metrics/query", MetricHandlers.QueryRequest.class),
            Map.entry("POST /api/v1/metrics/groups", MetricHandlers.GroupsRequest.class),
            Map.entry("POST /api/v1/sweeps", SweepHandlers.CreateSweepRequest.class),
            Map.entry("POST /api/v1/auth/login", AuthHandlers.LoginRequest.class),
            Map.entry("POST /api/v1/share", AuthHandlers.ShareRequest.class),
            Map.entry("POST /api/v1/auth/tokens", AuthHandlers.CreateTokenRequest.class));

    @Test
    void every_json_request_body_is_closed_and_lists_exactly_the_fields_its_record_reads() throws IOException {
        var spec = spec();
        int checked = 0;
        for (var route : server.routes()) {
            if (route.body() != Route.Body.JSON) continue;
            var operation = route.method().name() + " " + route.path();
            assertThat(RECORDS).as("the record " + operation + " reads (add it to RECORDS)").containsKey(operation);
            checkObject(spec, operation, bodySchema(spec, route), RECORDS.get(operation));
            checked++;
        }
        assertThat(checked).isEqualTo(RECORDS.size());
    }

    @Test
    void the_metric_batch_is_closed_and_lists_the_fields_its_streaming_reader_reads() throws IOException {
        var spec = spec();
        var route = server.routes().stream().filter(r -> r.body() == Route.Body.METRIC_BATCH).findFirst().orElseThrow();
        var batch = resolve(spec, bodySchema(spec, route));
        assertThat(batch.get("additionalProperties")).isEqualTo(false);
        assertThat(properties(batch).keySet()).containsExactlyInAnyOrderElementsOf(MetricBatchReader.BATCH_FIELDS);
        var point = resolve(spec, map(map(properties(batch).get("metrics")).get("items")));
        assertThat(point.get("additionalProperties")).isEqualTo(false);
        var pointFields = new ArrayList<>(MetricBatchReader.POINT_FIELDS);
        pointFields.add("timestamp"); // the old spelling the reader still reads, documented as deprecated
        assertThat(properties(point).keySet()).containsExactlyInAnyOrderElementsOf(pointFields);
    }

    /** The schema's fields are the record's; a component that is a record (or a list of them) is checked the same way. */
    private static void checkObject(Map<String, Object> spec, String where, Map<String, Object> schema, Class<?> record) {
        var object = resolve(spec, schema);
        assertThat(object.get("additionalProperties")).as(where + " additionalProperties").isEqualTo(false);
        var fields = new ArrayList<String>();
        for (var component : record.getRecordComponents()) fields.add(snake(component.getName()));
        assertThat(properties(object).keySet()).as(where + " properties").containsExactlyInAnyOrderElementsOf(fields);
        for (var component : record.getRecordComponents()) {
            var property = resolve(spec, map(properties(object).get(snake(component.getName()))));
            Type type = component.getGenericType();
            if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
                type = list.getActualTypeArguments()[0];
                property = map(property.get("items"));
            }
            if (type instanceof Class<?> nested && nested.isRecord()) {
                checkObject(spec, where + " " + snake(component.getName()), property, nested);
            }
        }
    }

    private static Map<String, Object> bodySchema(Map<String, Object> spec, Route route) {
        var path = route.path().replace('<', '{').replace('>', '}');
        var operation = map(map(map(spec.get("paths")).get(path)).get(route.method().name().toLowerCase(Locale.ROOT)));
        return map(map(map(map(operation.get("requestBody")).get("content")).get("application/json")).get("schema"));
    }

    private static Map<String, Object> resolve(Map<String, Object> spec, Map<String, Object> schema) {
        var ref = (String) schema.get("$ref");
        if (ref == null) return schema;
        return map(map(map(spec.get("components")).get("schemas")).get(ref.substring(ref.lastIndexOf('/') + 1)));
    }

    private static Map<String, Object> properties(Map<String, Object> schema) {
        return map(schema.get("properties"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    private static Map<String, Object> spec() throws IOException {
        try (InputStream in = OpenApiBodiesTest.class.getResourceAsStream("/openapi.yaml")) {
            return new Yaml().load(in);
        }
    }

    private static String snake(String name) {
        return new PropertyNamingStrategies.SnakeCaseStrategy().translate(name);
    }
}
