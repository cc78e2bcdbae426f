package dev.sextant.server.mlflow;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.domain.ModelMetric;
import dev.sextant.server.error.SextantException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Streams MLflow's LogBatch message ({"run_id", "metrics":[{key,value,timestamp,step}], "params":[{key,value}],
 * "tags":[{key,value}]}) into points, params and tags without a JSON tree, counting items as they arrive: past
 * MLflow's per-request limits the rest of a list is only counted, never kept, so memory stays bounded whatever
 * the body holds. Read as leniently as {@link MlflowRequest}: snake_case or lowerCamelCase names, int64 as a number
 * or a string, values as numbers or "NaN" / "Infinity" / "-Infinity", unknown fields ignored, null as absent.
 */
final class MlflowBatchReader {
    static final int MAX_METRICS = 1000;
    static final int MAX_PARAMS = 100;
    static final int MAX_TAGS = 100;
    static final int MAX_ENTITIES = 1000;
    /** Far above any key or value a batch may hold; the exact lengths are checked by the service afterwards. */
    private static final int MAX_STRING_LENGTH = 1 << 20;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING_LENGTH).build())
            .build();

    /**
     * A parsed batch; params and tags keep their order, a later tag with the same key wins. {@code modelMetrics} are
     * the points that name a logged model (MLflow 3's model_id), as the service records them besides.
     */
    record Batch(String runId, List<MetricPoint> points, Map<String, String> params, Map<String, String> tags,
                 List<ModelMetric> modelMetrics) {}

    /** A point's MLflow 3 model fields, kept until the run id is known. */
    private record ModelFields(int index, String modelId, String datasetName, String datasetDigest) {}

    private String runId;
    private String runUuid;
    private final List<MetricPoint> points = new ArrayList<>();
    private final List<ModelFields> modelFields = new ArrayList<>();
    private final List<String[]> params = new ArrayList<>();
    private final List<String[]> tags = new ArrayList<>();
    private int metricCount;
    private int paramCount;
    private int tagCount;

    private MlflowBatchReader() {}

    static Batch read(InputStream body) throws IOException {
        try (JsonParser parser = FACTORY.createParser(body)) {
            var token = parser.nextToken();
            if (token == JsonToken.VALUE_STRING) {
                // Old clients JSON-encoded the message twice; MLflow decodes a string body once more.
                try (JsonParser inner = FACTORY.createParser(parser.getText())) {
                    return new MlflowBatchReader().message(inner, inner.nextToken());
                }
            }
            return new MlflowBatchReader().message(parser, token);
        }
    }

    private Batch message(JsonParser parser, JsonToken token) throws IOException {
        if (token != null && token != JsonToken.VALUE_NULL) {
            if (token != JsonToken.START_OBJECT) throw SextantException.invalid("the request body must be a JSON object");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_NULL) continue;
                switch (field) {
                    case "run_id", "runId" -> runId = scalar(parser, field);
                    case "run_uuid", "runUuid" -> runUuid = scalar(parser, field);
                    case "metrics" -> list(parser, "metrics", () -> metric(parser));
                    case "params" -> list(parser, "params", () -> keyValue(parser, "params", paramCount++, MAX_PARAMS, params));
                    case "tags" -> list(parser, "tags", () -> keyValue(parser, "tags", tagCount++, MAX_TAGS, tags));
                    default -> parser.skipChildren();
                }
            }
        }
        checkCounts();
        var id = runId();
        var modelMetrics = new ArrayList<ModelMetric>(modelFields.size());
        for (var fields : modelFields) {
            var point = points.get(fields.index());
            modelMetrics.add(new ModelMetric(fields.modelId(), point.key(), point.value(), point.timestampMs(), point.step(), id,
                    fields.datasetName(), fields.datasetDigest()));
        }
        return new Batch(id, points, paramMap(), tagMap(), modelMetrics);
    }

    private interface Item {
        void read() throws IOException;
    }

    private static void list(JsonParser parser, String name, Item item) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) throw invalidValue(name, parser);
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() != JsonToken.START_OBJECT) throw invalidValue(name, parser);
            item.read();
        }
    }

    private void metric(JsonParser parser) throws IOException {
        int index = metricCount++;
        if (index >= MAX_METRICS) {
            parser.skipChildren();
            return;
        }
        var prefix = "metrics[" + index + "].";
        String key = null;
        Double value = null;
        Long timestamp = null;
        long step = 0;
        String modelId = null;
        String datasetName = null;
        String datasetDigest = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            if (parser.nextToken() == JsonToken.VALUE_NULL) continue;
            switch (field) {
                case "key" -> key = scalar(parser, prefix + "key");
                case "value" -> value = number(parser, prefix + "value");
                case "timestamp" -> timestamp = integer(parser, prefix + "timestamp");
                case "step" -> step = integer(parser, prefix + "step");
                case "model_id", "modelId" -> modelId = scalar(parser, prefix + "model_id");
                case "dataset_name", "datasetName" -> datasetName = scalar(parser, prefix + "dataset_name");
                case "dataset_digest", "datasetDigest" -> datasetDigest = scalar(parser, prefix + "dataset_digest");
                default -> parser.skipChildren();
            }
        }
        if (key == null || key.isEmpty()) throw MlflowRequest.missing(prefix + "key");
        if (value == null) throw MlflowRequest.missing(prefix + "value");
        if (timestamp == null) throw MlflowRequest.missing(prefix + "timestamp");
        points.add(new MetricPoint(key, MlflowJson.clampInfinity(value), timestamp, step));
        if (modelId != null && !modelId.isEmpty()) {
            modelFields.add(new ModelFields(points.size() - 1, modelId, emptyToNull(datasetName), emptyToNull(datasetDigest)));
        }
    }

    private static void keyValue(JsonParser parser, String list, int index, int max, List<String[]> into) throws IOException {
        if (index >= max) {
            parser.skipChildren();
            return;
        }
        String key = null;
        String value = "";
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            if (parser.nextToken() == JsonToken.VALUE_NULL) continue;
            switch (field) {
                case "key" -> key = scalar(parser, list + "[" + index + "].key");
                case "value" -> value = scalar(parser, list + "[" + index + "].value");
                default -> parser.skipChildren();
            }
        }
        if (key == null || key.isEmpty()) throw MlflowRequest.missing(list + "[" + index + "].key");
        into.add(new String[] {key, value});
    }

    private void checkCounts() {
        checkLimit("metrics", metricCount, MAX_METRICS);
        checkLimit("params", paramCount, MAX_PARAMS);
        checkLimit("tags", tagCount, MAX_TAGS);
        int total = metricCount + paramCount + tagCount;
        if (total > MAX_ENTITIES) {
            throw SextantException.invalid("A batch logging request can contain at most " + MAX_ENTITIES
                    + " metrics, params, and tags in total. Received a batch of size " + total + ".");
        }
    }

    private static void checkLimit(String what, int size, int max) {
        if (size > max) {
            throw SextantException.invalid("A batch logging request can contain at most " + max + " " + what
                    + ". Got " + size + " " + what + ". Please split up " + what + " across multiple requests and try again.");
        }
    }

    private String runId() {
        if (runId != null && !runId.isEmpty()) return runId;
        if (runUuid != null && !runUuid.isEmpty()) return runUuid;
        throw MlflowRequest.missing("run_id");
    }

    private Map<String, String> paramMap() {
        var map = new LinkedHashMap<String, String>();
        Set<String> duplicates = new LinkedHashSet<>();
        var seen = new HashSet<String>();
        for (var param : params) {
            if (!seen.add(param[0])) duplicates.add(param[0]);
            map.put(param[0], param[1]);
        }
        if (!duplicates.isEmpty()) {
            throw SextantException.invalid("Duplicate parameter keys have been submitted: " + duplicates
                    + ". Please ensure the request contains only one param value per param key.");
        }
        return map;
    }

    private Map<String, String> tagMap() {
        var map = new LinkedHashMap<String, String>();
        for (var tag : tags) map.put(tag[0], tag[1]);
        return map;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static String scalar(JsonParser parser, String name) throws IOException {
        if (!parser.currentToken().isScalarValue()) throw invalidValue(name, parser);
        return parser.getText();
    }

    private static double number(JsonParser parser, String name) throws IOException {
        var token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) return parser.getDoubleValue();
        var value = token == JsonToken.VALUE_STRING ? MlflowRequest.numberText(parser.getText()) : null;
        if (value == null) throw invalidValue(name, parser);
        return value;
    }

    private static long integer(JsonParser parser, String name) throws IOException {
        var token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return parser.getLongValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            try {
                return Long.parseLong(parser.getText().trim());
            } catch (NumberFormatException e) {
                throw invalidValue(name, parser);
            }
        }
        throw invalidValue(name, parser);
    }

    private static SextantException invalidValue(String name, JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> MlflowRequest.invalidValue(name, "an object", "dict");
            case START_ARRAY -> MlflowRequest.invalidValue(name, "a list", "list");
            case VALUE_STRING -> MlflowRequest.invalidValue(name, "\"" + parser.getText() + "\"", "str");
            case VALUE_NUMBER_INT -> MlflowRequest.invalidValue(name, parser.getText(), "int");
            case VALUE_NUMBER_FLOAT -> MlflowRequest.invalidValue(name, parser.getText(), "float");
            case VALUE_TRUE, VALUE_FALSE -> MlflowRequest.invalidValue(name, parser.getText(), "bool");
            default -> MlflowRequest.invalidValue(name, String.valueOf(parser.getText()), "NoneType");
        };
    }
}
