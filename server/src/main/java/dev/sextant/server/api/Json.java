package dev.sextant.server.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.sextant.server.error.SextantException;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.sextant.server.domain.LifecycleStage;
import dev.sextant.server.domain.MetricGroups;
import java.io.IOException;
import java.util.Map;

/**
 * The one JSON configuration of the native API: snake_case names, unknown fields refused (a field we do not read
 * would be lost without a word: ADR 0018; Requests names it and the operation), no silent float-to-int truncation, NaN and ±Infinity written as the strings
 * "NaN", "Infinity", "-Infinity" (Jackson's default) so the output stays valid JSON.
 */
public final class Json {
    /**
     * Tokens (values, field names, brackets) in one JSON body read as a tree or a record: a tree node costs up to
     * ~150 bytes of heap for 2 bytes of {@code {}}, so this, not the body size, bounds what parsing one body costs
     * (about 30 MB). Metric batches are streamed and checked by count instead (MetricBatchReader, MlflowBatchReader).
     */
    public static final long MAX_BODY_TOKENS = 200_000;
    /** The read limits of every JSON body parsed as a tree or a record, in both APIs. */
    public static final StreamReadConstraints BODY_CONSTRAINTS = StreamReadConstraints.builder()
            .maxTokenCount(MAX_BODY_TOKENS)
            .build();

    private Json() {}

    /**
     * The message for a body refused by {@link #BODY_CONSTRAINTS} or a reader's own constraints (anywhere in the cause
     * chain, as databind wraps it), without the Java method name Jackson appends: e.g. "the JSON body is too large to
     * parse: Token count (200001) exceeds the maximum allowed (200000)". Null when {@code e} is something else.
     */
    public static String describeLimit(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof StreamConstraintsException limit) {
                var message = limit.getOriginalMessage() == null ? "" : limit.getOriginalMessage();
                return "the JSON body is too large to parse: " + message.replaceAll(", from `[^`]*`", "");
            }
        }
        return null;
    }

    /**
     * The message for a body Jackson could not read: names the field of a wrong type or unknown (Requests.body adds the
     * operation and a hint to the latter), or the parse limit it broke, and never echoes Java class names.
     */
    public static String describe(JacksonException e) {
        var limit = describeLimit(e);
        if (limit != null) return limit;
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + SextantException.abbreviate(String.valueOf(unknown.getPropertyName()), 200) + "'";
        }
        if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            var field = new StringBuilder();
            for (var ref : mismatch.getPath()) {
                if (ref.getFieldName() != null) field.append(field.length() == 0 ? "" : ".").append(ref.getFieldName());
                else field.append('[').append(ref.getIndex()).append(']');
            }
            String expected = mismatch.getTargetType() == null ? "another type" : friendly(mismatch.getTargetType());
            return "field '" + field + "' has the wrong type: expected " + expected;
        }
        var message = e.getOriginalMessage();
        return "malformed JSON: " + (message == null ? "unreadable body" : message.split("\n")[0]);
    }

    private static String friendly(Class<?> type) {
        if (type == String.class) return "a string";
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class) return "an integer";
        if (type == Double.class || type == double.class) return "a number";
        if (type == Boolean.class || type == boolean.class) return "a boolean";
        if (java.util.List.class.isAssignableFrom(type)) return "an array";
        if (Map.class.isAssignableFrom(type)) return "an object";
        return "an object";
    }

    public static ObjectMapper newMapper() {
        var module = new SimpleModule("sextant");
        module.addSerializer(LifecycleStage.class, new JsonSerializer<>() {
            @Override
            public void serialize(LifecycleStage stage, JsonGenerator generator, SerializerProvider provider)
                    throws IOException {
                generator.writeString(stage.wireName());
            }
        });
        module.addSerializer(MetricGroups.Bucket.class, new GroupBucketJson());
        // Envelopes and metric pages are mostly doubles: the fast writer (Schubfach) and parser halve their cost.
        var factory = JsonFactory.builder()
                .streamReadConstraints(BODY_CONSTRAINTS)
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .build();
        var mapper = JsonMapper.builder(factory)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                // Jackson's default, said out loud: MLflow's routes read their own trees (MlflowRequest) and stay lenient.
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .addModule(module)
                .build();
        // A number or boolean where a string belongs is a client bug; say so instead of guessing.
        for (var shape : new CoercionInputShape[] {CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return mapper;
    }
}
