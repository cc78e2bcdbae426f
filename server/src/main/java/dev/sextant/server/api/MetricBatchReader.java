package dev.sextant.server.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.service.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams a metric batch {"metrics":[{"key","value","step","timestamp_ms"}...], "params":{}, "tags":{}}
 * straight into points: the hottest request body, so no tree and no reflection, and every error names
 * the exact item and field. Values may be numbers or "NaN" / "Infinity" / "-Infinity"; steps are
 * integers >= 0 (0 when absent); a missing timestamp_ms means "now" ("timestamp" is read as timestamp_ms, as before).
 * A field it does not know, at the top or in an item, refuses the batch (ADR 0018), as Requests does for records.
 */
public final class MetricBatchReader {
    /** The operation's name in refusals of unknown fields. */
    static final String OPERATION = "metrics.log";
    static final List<String> BATCH_FIELDS = List.of("metrics", "params", "tags");
    static final List<String> POINT_FIELDS = List.of("key", "value", "step", "timestamp_ms");

    // The fast double parser matters here: parsing values is most of the cost of a batch.
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    /** A parsed batch. */
    public record MetricBatch(List<MetricPoint> points, Map<String, String> params, Map<String, String> tags) {}

    private MetricBatchReader() {}

    /**
     * Past {@code limits}' points per batch the rest of the list is only counted, never kept, and the batch is refused
     * with the total, so a body of millions of points costs no more memory than a legal one.
     */
    public static MetricBatch read(InputStream body, long nowMs, Limits limits) throws IOException {
        try (JsonParser parser = FACTORY.createParser(body)) {
            expect(parser.nextToken() == JsonToken.START_OBJECT, "the body must be a JSON object");
            var points = new ArrayList<MetricPoint>();
            Map<String, String> params = Map.of();
            Map<String, String> tags = Map.of();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "metrics" -> readPoints(parser, token, points, nowMs, limits);
                    case "params" -> params = readStringMap(parser, token, "params");
                    case "tags" -> tags = readStringMap(parser, token, "tags");
                    default -> throw UnknownField.refusal(OPERATION, "", field, BATCH_FIELDS);
                }
            }
            return new MetricBatch(points, params, tags);
        }
    }

    private static void readPoints(JsonParser parser, JsonToken token, List<MetricPoint> points, long nowMs, Limits limits)
            throws IOException {
        expect(token == JsonToken.START_ARRAY, "metrics must be an array");
        var keyTable = new KeyTable();
        long count = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            int index = points.size();
            if (parser.currentToken() != JsonToken.START_OBJECT) throw invalid(index, null, "must be an object");
            if (++count > limits.maxPointsPerBatch()) {
                parser.skipChildren();
                continue;
            }
            String key = null;
            double value = 0;
            boolean hasValue = false;
            long step = 0;
            long timestampMs = nowMs;
            // Error messages are built only on failure: this loop runs for every point of every batch.
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken valueToken = parser.nextToken();
                switch (field) {
                    case "key" -> {
                        if (valueToken != JsonToken.VALUE_STRING) throw invalid(index, field, "must be a string, got " + describe(parser));
                        key = keyTable.intern(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
                    }
                    case "value" -> {
                        value = readValue(parser, valueToken, index, field);
                        hasValue = true;
                    }
                    case "step" -> {
                        step = readLong(parser, valueToken, index, field);
                        if (step < 0) throw invalid(index, field, "must be >= 0, got " + step);
                    }
                    case "timestamp_ms", "timestamp" -> {
                        timestampMs = readLong(parser, valueToken, index, field);
                        if (timestampMs < 0) throw invalid(index, field, "must be >= 0, got " + timestampMs);
                    }
                    default -> throw UnknownField.refusal(OPERATION, "metrics[" + index + "]", field, POINT_FIELDS);
                }
            }
            if (key == null) throw invalid(index, "key", "is required");
            if (!hasValue) throw invalid(index, "value", "is required");
            points.add(new MetricPoint(key, value, timestampMs, step));
        }
        limits.checkPointsPerBatch(count);
    }

    /** A refusal naming the item, e.g. "metrics[3].step must be >= 0, got -1". */
    private static SextantException invalid(int index, String field, String problem) {
        return SextantException.invalid("metrics[" + index + "]" + (field == null ? "" : "." + field) + " " + problem);
    }

    private static double readValue(JsonParser parser, JsonToken token, int index, String field) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) return parser.getDoubleValue();
        if (token == JsonToken.VALUE_STRING) {
            switch (parser.getText()) {
                case "NaN": return Double.NaN;
                case "Infinity", "+Infinity", "inf": return Double.POSITIVE_INFINITY;
                case "-Infinity", "-inf": return Double.NEGATIVE_INFINITY;
                default: break;
            }
        }
        throw invalid(index, field, "must be a number or \"NaN\", \"Infinity\", \"-Infinity\", got " + describe(parser));
    }

    private static long readLong(JsonParser parser, JsonToken token, int index, String field) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw invalid(index, field, "is out of range: " + parser.getText());
            }
            return parser.getLongValue();
        }
        throw invalid(index, field, "must be an integer, got " + describe(parser));
    }

    private static Map<String, String> readStringMap(JsonParser parser, JsonToken token, String where) throws IOException {
        expect(token == JsonToken.START_OBJECT, where + " must be an object of strings");
        var map = new LinkedHashMap<String, String>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken value = parser.nextToken();
            if (!value.isScalarValue() || value == JsonToken.VALUE_NULL) {
                throw SextantException.invalid(where + "." + key + " must be a string, number or boolean, got " + describe(parser));
            }
            map.put(key, parser.getText());
        }
        return map;
    }

    private static String describe(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null) return "nothing";
        return switch (token) {
            case VALUE_STRING -> "\"" + SextantException.abbreviate(parser.getText(), 40) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> SextantException.abbreviate(parser.getText(), 40);
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    private static void expect(boolean condition, String message) {
        if (!condition) throw SextantException.invalid(message);
    }
}
