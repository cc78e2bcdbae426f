package dev.sextant.client;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON request bodies of the native API (snake_case), as bytes ready to send or spool. */
final class RequestBodies {
    private final ObjectMapper mapper;
    private final JsonFactory factory;

    RequestBodies(ObjectMapper mapper) {
        this.mapper = mapper;
        this.factory = mapper.getFactory();
    }

    byte[] createRun(String runId, RunSpec spec, String user, long startTimeMs) {
        var body = new LinkedHashMap<String, Object>();
        body.put("run_id", runId);
        body.put("experiment_name", spec.experiment());
        if (spec.name() != null) body.put("name", spec.name());
        body.put("user", user);
        body.put("start_time_ms", startTimeMs);
        if (spec.parentRunId() != null) body.put("parent_run_id", spec.parentRunId());
        // An empty config is left out: the body stays minimal (older servers answered 500 to "config": {}).
        if (!spec.config().isEmpty()) body.put("config", spec.config());
        if (!spec.tags().isEmpty()) body.put("tags", spec.tags());
        return write(body);
    }

    byte[] config(Map<String, ?> config) {
        return write(Map.of("config", config));
    }

    byte[] tags(Map<String, String> tags) {
        return write(Map.of("tags", tags));
    }

    /** {"inputs":[{"dataset":{name, digest, source_type, source}, "tags":{...}}]}. */
    byte[] input(String name, String digest, String sourceType, String source, Map<String, String> tags) {
        var dataset = new LinkedHashMap<String, Object>();
        dataset.put("name", name);
        dataset.put("digest", digest);
        dataset.put("source_type", sourceType);
        dataset.put("source", source);
        return write(Map.of("inputs", List.of(Map.of("dataset", dataset, "tags", tags))));
    }

    byte[] updateRun(RunStatus status, Long endTimeMs) {
        var body = new LinkedHashMap<String, Object>();
        body.put("status", status.name());
        if (endTimeMs != null) body.put("end_time_ms", endTimeMs);
        return write(body);
    }

    /** {"metrics":[{"key","value","step","timestamp_ms"}...]}; NaN and infinities as the strings the server reads. */
    byte[] metrics(PointBatch batch) {
        var out = new ByteArrayOutputStream(64 + batch.size() * 72);
        try (JsonGenerator json = factory.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeArrayFieldStart("metrics");
            for (int i = 0; i < batch.size(); i++) {
                json.writeStartObject();
                json.writeStringField("key", batch.keys()[i]);
                json.writeFieldName("value");
                writeValue(json, batch.values()[i]);
                json.writeNumberField("step", batch.steps()[i]);
                json.writeNumberField("timestamp_ms", batch.timestampsMs()[i]);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeValue(JsonGenerator json, double value) throws IOException {
        if (Double.isNaN(value)) json.writeString("NaN");
        else if (value == Double.POSITIVE_INFINITY) json.writeString("Infinity");
        else if (value == Double.NEGATIVE_INFINITY) json.writeString("-Infinity");
        else json.writeNumber(value);
    }

    private byte[] write(Object body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
