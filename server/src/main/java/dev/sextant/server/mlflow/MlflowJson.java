package dev.sextant.server.mlflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sextant.server.api.Json;
import dev.sextant.server.domain.Experiment;
import dev.sextant.server.domain.Run;
import dev.sextant.server.http.ResponseOutput;
import io.javalin.http.Context;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * MLflow's JSON shapes (records whose snake_case names are MLflow's proto field names) and their
 * mapping from our domain records. Unset fields are omitted, int64 values are numbers, experiment ids
 * are strings, NaN is the string "NaN" and ±Infinity is clamped to ±Double.MAX_VALUE as MLflow's SQL
 * store does. Nothing outside this package sees these shapes.
 */
final class MlflowJson {
    static final String RUN_NAME_TAG = "mlflow.runName";

    private final ObjectMapper mapper = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(Json.BODY_CONSTRAINTS).build())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    record KeyValue(String key, String value) {}

    record ExperimentJson(String experimentId, String name, String artifactLocation, String lifecycleStage,
                          long lastUpdateTime, long creationTime, List<KeyValue> tags) {}

    record RunJson(RunInfoJson info, RunDataJson data, RunInputsJson inputs, RunOutputsJson outputs) {}

    record RunInfoJson(String runId, String runUuid, String runName, String experimentId, String userId, String status,
                       long startTime, Long endTime, String artifactUri, String lifecycleStage) {}

    record RunDataJson(List<MetricJson> metrics, List<KeyValue> params, List<KeyValue> tags) {}

    record RunInputsJson(List<DatasetInputJson> datasetInputs, List<MlflowModelJson.ModelInputJson> modelInputs) {}

    record RunOutputsJson(List<MlflowModelJson.ModelOutputJson> modelOutputs) {}

    record DatasetInputJson(List<KeyValue> tags, DatasetJson dataset) {}

    record DatasetJson(String name, String digest, String sourceType, String source, String schema, String profile) {}

    record MetricJson(String key, double value, long timestamp, long step) {}

    record RunMetricJson(String key, double value, long timestamp, long step, String runId) {}

    record FileInfoJson(String path, boolean isDir, Long fileSize) {}

    MlflowRequest read(Context ctx) {
        return MlflowRequest.of(ctx, mapper);
    }

    /** A POST body of which only {@code fields} ({@link MlflowRequest#fields}) are read, streamed. */
    MlflowRequest read(Context ctx, java.util.Set<String> fields) {
        return MlflowRequest.of(ctx, mapper, fields);
    }

    ObjectMapper mapper() {
        return mapper;
    }

    void write(Context ctx, Object response) {
        try {
            ctx.contentType("application/json").result(mapper.writeValueAsString(response));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #write}, written straight to the response: for answers whose parts are read while written. */
    void writeStreamed(Context ctx, Object response) {
        ctx.contentType("application/json");
        try (var out = ResponseOutput.of(ctx)) {
            mapper.writeValue(out, response);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hands over the items of a streamed array one by one. */
    @FunctionalInterface
    interface Items<T> {
        void each(java.util.function.Consumer<T> item);
    }

    /**
     * {@code {"<field>": [...]}} written onto the response item by item as {@code items} hands them over, so a
     * million-point history is never held whole, neither as objects nor as text.
     */
    <T> void writeArray(Context ctx, String field, Items<T> items) {
        ctx.contentType("application/json");
        var writer = mapper.writer().without(com.fasterxml.jackson.databind.SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
        try (var generator = mapper.createGenerator(ctx.res().getOutputStream())) {
            generator.writeStartObject();
            generator.writeArrayFieldStart(field);
            items.each(item -> {
                try {
                    writer.writeValue(generator, item);
                } catch (java.io.IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            generator.writeEndArray();
            generator.writeEndObject();
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body of every response without fields: MLflow clients require a JSON object. */
    void writeEmpty(Context ctx) {
        // What the mapper writes for an empty map, without asking it on every log-metric.
        ctx.contentType("application/json").result("{}");
    }

    static ExperimentJson experiment(Experiment experiment) {
        return new ExperimentJson(experiment.experimentId(), experiment.name(), artifactLocation(experiment),
                experiment.lifecycleStage().wireName(), experiment.lastUpdateTimeMs(), experiment.creationTimeMs(),
                keyValues(experiment.tags()));
    }

    static RunJson run(Run run) {
        var metrics = run.metrics().stream()
                .sorted(Comparator.comparing(m -> m.key()))
                .map(m -> new MetricJson(m.key(), clampInfinity(m.last()), m.lastTimestampMs(), m.lastStep()))
                .toList();
        var inputs = run.inputs().stream().map(input -> new DatasetInputJson(keyValues(input.tags()), new DatasetJson(
                input.dataset().name(), input.dataset().digest(), input.dataset().sourceType(), input.dataset().source(),
                input.dataset().schema(), input.dataset().profile()))).toList();
        return new RunJson(runInfo(run), new RunDataJson(metrics, keyValues(run.params()), keyValues(tags(run))),
                new RunInputsJson(inputs, MlflowModelJson.inputs(run.models())),
                new RunOutputsJson(MlflowModelJson.outputs(run.models())));
    }

    static RunInfoJson runInfo(Run run) {
        return new RunInfoJson(run.runId(), run.runId(), run.name(), run.experimentId(), run.user(),
                run.status().name(), run.startTimeMs(), run.endTimeMs(), artifactUri(run), run.lifecycleStage().wireName());
    }

    /**
     * The run's name is the source of truth for the mlflow.runName tag: runs made or renamed through the
     * native API have no (or a stale) tag, and MLflow clients read the name from it.
     */
    private static Map<String, String> tags(Run run) {
        var tags = new TreeMap<>(run.tags());
        tags.put(RUN_NAME_TAG, run.name());
        return tags;
    }

    /**
     * Where MLflow clients send artifacts: {@code mlflow-artifacts:} URIs make both clients (Java forks the
     * Python CLI) upload and download through this server's proxied artifact API, as MLflow's own server does
     * by default. The native artifact_uri (file:// or s3://) is deliberately not shown: Sextant owns store
     * access, and clients would otherwise write to the server's disk path or need S3 credentials.
     */
    static String artifactLocation(Experiment experiment) {
        return "mlflow-artifacts:/" + experiment.experimentId();
    }

    static String artifactUri(Run run) {
        return "mlflow-artifacts:/" + run.experimentId() + "/" + run.runId() + "/artifacts";
    }

    /** MLflow's SQL store clamps ±Infinity to ±Double.MAX_VALUE; its clients read that, so we answer the same. */
    static double clampInfinity(double value) {
        if (value == Double.POSITIVE_INFINITY) return Double.MAX_VALUE;
        if (value == Double.NEGATIVE_INFINITY) return -Double.MAX_VALUE;
        return value;
    }

    static List<KeyValue> keyValues(Map<String, String> map) {
        var result = new ArrayList<KeyValue>(map.size());
        new TreeMap<>(map).forEach((key, value) -> result.add(new KeyValue(key, value)));
        return result;
    }
}
