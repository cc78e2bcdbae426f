package dev.sextant.server.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.sextant.server.domain.LifecycleStage;
import java.io.IOException;

/**
 * The one JSON configuration of the native API: snake_case names, unknown fields ignored (clients
 * may be newer than us), no silent float-to-int truncation, NaN and ±Infinity written as the strings
 * "NaN", "Infinity", "-Infinity" (Jackson's default) so the output stays valid JSON.
 */
public final class Json {
    private Json() {}

    public static ObjectMapper newMapper() {
        var module = new SimpleModule("sextant");
        module.addSerializer(LifecycleStage.class, new JsonSerializer<>() {
            @Override
            public void serialize(LifecycleStage stage, JsonGenerator generator, SerializerProvider provider)
                    throws IOException {
                generator.writeString(stage.wireName());
            }
        });
        // Envelopes and metric pages are mostly doubles: the fast writer (Schubfach) and parser halve their cost.
        var factory = JsonFactory.builder()
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .build();
        var mapper = JsonMapper.builder(factory)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
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
