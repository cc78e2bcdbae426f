package dev.sextant.server.mlflow;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sextant.server.api.Json;
import dev.sextant.server.error.SextantException;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One MLflow request message, read leniently the way MLflow's protobuf parsing is: a JSON body for
 * POST, query parameters for GET (a repeated key is a list), snake_case or lowerCamelCase names,
 * int64 as a JSON number or a string, doubles as numbers or "NaN"/"Infinity"/"-Infinity", unknown
 * fields ignored. An empty string counts as absent for required strings, as in MLflow.
 */
final class MlflowRequest {
    private final JsonNode message;
    /** The only fields a sparse read kept (null: all of them), so asking for another one is a bug, not an absent field. */
    private final Set<String> kept;

    private MlflowRequest(JsonNode message) {
        this(message, null);
    }

    private MlflowRequest(JsonNode message, Set<String> kept) {
        this.message = message;
        this.kept = kept;
    }

    static MlflowRequest of(Context ctx, ObjectMapper mapper) {
        if (ctx.method() == HandlerType.GET) return new MlflowRequest(fromQuery(ctx));
        return remembered(ctx, new MlflowRequest(fromBody(ctx, mapper)));
    }

    /**
     * A POST body of which only {@code fields} (see {@link #fields}) will be read, streamed: their values are kept and
     * every other field is parsed (so malformed JSON is refused alike) and dropped. Each kept field reads exactly as
     * {@link #of} reads it, without the whole tree: for log-metric, one request per point, that tree was a cost of its own.
     */
    static MlflowRequest of(Context ctx, ObjectMapper mapper, Set<String> fields) {
        try {
            return remembered(ctx, sparseRequest(ctx.bodyInputStream(), mapper, fields));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MlflowRequest sparseRequest(InputStream body, ObjectMapper mapper, Set<String> fields) throws IOException {
        return new MlflowRequest(sparse(body, mapper, fields), fields);
    }

    /** The names a sparse read keeps for these snake_case fields and the run id: each one and its lowerCamelCase form. */
    static Set<String> fields(String... snakeCase) {
        var names = new java.util.HashSet<String>();
        var all = new ArrayList<>(List.of(snakeCase));
        all.addAll(List.of("run_id", "run_uuid"));
        for (var name : all) {
            names.add(name);
            names.add(camelCase(name));
        }
        return Set.copyOf(names);
    }

    private static MlflowRequest remembered(Context ctx, MlflowRequest request) {
        var body = request.message;
        var runId = body.path("run_id").asText("");
        MlflowMessages.rememberRunId(ctx, runId.isEmpty() ? body.path("run_uuid").asText("") : runId);
        return request;
    }

    /**
     * The body as a tree holding only {@code fields}, each the node the whole tree would hold (the last of duplicates).
     * A body that is not a JSON object (a string holding the message, null, empty) is read whole, as before.
     */
    static JsonNode sparse(InputStream body, ObjectMapper mapper, Set<String> fields) throws IOException {
        try (JsonParser parser = mapper.createParser(body)) {
            var token = parser.nextToken();
            if (token != JsonToken.START_OBJECT) return checked(token == null ? null : mapper.readTree(parser), mapper);
            var message = mapper.getNodeFactory().objectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                var name = parser.currentName();
                parser.nextToken();
                if (fields.contains(name)) message.set(name, value(parser, mapper));
                else parser.skipChildren();
            }
            return message;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw malformed(e);
        }
    }

    /** One value as the mapper's tree holds it (the same node types as Jackson's own tree reader picks for numbers). */
    private static JsonNode value(JsonParser parser, ObjectMapper mapper) throws IOException {
        var nodes = mapper.getNodeFactory();
        return switch (parser.currentToken()) {
            case VALUE_STRING -> nodes.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> nodes.numberNode(parser.getIntValue());
                case LONG -> nodes.numberNode(parser.getLongValue());
                default -> nodes.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> nodes.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> nodes.booleanNode(true);
            case VALUE_FALSE -> nodes.booleanNode(false);
            case VALUE_NULL -> nodes.nullNode();
            default -> mapper.readTree(parser); // an object or a list: only ever an error message, built from the node
        };
    }

    /** A nested message, such as one metric inside log-batch; absent or not an object reads as empty. */
    static MlflowRequest nested(JsonNode node) {
        return new MlflowRequest(node == null || !node.isObject() ? JsonNodeFactory.instance.objectNode() : node);
    }

    /** Parsed straight from the request stream (never held as bytes and text besides), within Json.BODY_CONSTRAINTS. */
    private static JsonNode fromBody(Context ctx, ObjectMapper mapper) {
        try {
            return whole(ctx.bodyInputStream(), mapper);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body as one tree. */
    static JsonNode whole(InputStream body, ObjectMapper mapper) throws IOException {
        try {
            return checked(mapper.readTree(body), mapper);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw malformed(e);
        }
    }

    /** The message a body holds: an object, or empty for none; refused when it is anything else. */
    private static JsonNode checked(JsonNode node, ObjectMapper mapper) throws IOException {
        // Old clients JSON-encoded the message twice; MLflow decodes a string body once more.
        if (node != null && node.isTextual()) node = mapper.readTree(node.textValue());
        if (node == null || node.isNull() || node.isMissingNode()) return JsonNodeFactory.instance.objectNode();
        if (!node.isObject()) throw SextantException.invalid("the request body must be a JSON object");
        return node;
    }

    private static SextantException malformed(com.fasterxml.jackson.core.JsonProcessingException e) {
        var limit = Json.describeLimit(e);
        return SextantException.invalid(limit != null ? limit : "malformed JSON body: " + e.getOriginalMessage());
    }

    private static ObjectNode fromQuery(Context ctx) {
        var node = JsonNodeFactory.instance.objectNode();
        ctx.queryParamMap().forEach((name, values) -> {
            if (values.size() == 1) {
                node.put(name, values.get(0));
            } else {
                var array = node.putArray(name);
                values.forEach(array::add);
            }
        });
        return node;
    }

    JsonNode field(String name) {
        if (kept != null && !kept.contains(name)) throw new IllegalStateException("field '" + name + "' was not read from the body");
        var node = message.get(name);
        if (node == null || node.isNull()) node = message.get(camelCase(name));
        return node == null || node.isNull() ? null : node;
    }

    boolean has(String name) {
        return field(name) != null;
    }

    /** A string field; like MLflow's proto parsing, a number, boolean, list or object there is refused. */
    String string(String name) {
        var node = field(name);
        if (node == null) return null;
        if (node.isTextual()) return node.textValue();
        throw invalidValue(name, node);
    }

    String requiredString(String name) {
        var value = string(name);
        if (value == null || value.isEmpty()) throw missing(name);
        return value;
    }

    /** The run id: {@code run_id}, falling back to the deprecated {@code run_uuid} both clients also send. */
    String runId() {
        var runId = string("run_id");
        if (runId == null || runId.isEmpty()) runId = string("run_uuid");
        if (runId == null || runId.isEmpty()) throw missing("run_id");
        return runId;
    }

    Long optionalLong(String name) {
        var node = field(name);
        if (node == null) return null;
        if (node.isIntegralNumber() && node.canConvertToLong()) return node.longValue();
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.textValue().trim());
            } catch (NumberFormatException e) {
                throw invalidValue(name, node);
            }
        }
        throw invalidValue(name, node);
    }

    long requiredLong(String name) {
        var value = optionalLong(name);
        if (value == null) throw missing(name);
        return value;
    }

    Double optionalDouble(String name) {
        var node = field(name);
        if (node == null) return null;
        if (node.isNumber()) return node.doubleValue();
        var value = node.isTextual() ? numberText(node.textValue()) : null;
        if (value == null) throw invalidValue(name, node);
        return value;
    }

    /** A double sent as a JSON string, as MLflow clients send NaN and ±Infinity (and some clients every number); null if none. */
    static Double numberText(String text) {
        switch (text.trim()) {
            case "NaN": return Double.NaN;
            case "Infinity": return Double.POSITIVE_INFINITY;
            case "-Infinity": return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(text.trim());
                } catch (NumberFormatException e) {
                    return null;
                }
        }
    }

    /** A repeated string field; a single value (one GET parameter) is a list of one. */
    List<String> strings(String name) {
        var node = field(name);
        var result = new ArrayList<String>();
        if (node == null) return result;
        if (node.isArray()) {
            for (var item : node) {
                if (!item.isTextual()) throw invalidValue(name, item);
                result.add(item.textValue());
            }
        } else if (node.isTextual()) {
            result.add(node.textValue());
        } else {
            throw invalidValue(name, node);
        }
        return result;
    }

    /** A repeated message field. */
    List<MlflowRequest> messages(String name) {
        var node = field(name);
        var result = new ArrayList<MlflowRequest>();
        if (node == null) return result;
        if (!node.isArray()) throw invalidValue(name, node);
        for (var item : node) {
            if (!item.isObject()) throw invalidValue(name, item);
            result.add(new MlflowRequest(item));
        }
        return result;
    }

    /** A repeated {key, value} field (tags, params) as a map; a later duplicate key wins, a missing value is "". */
    Map<String, String> keyValues(String name) {
        var result = new LinkedHashMap<String, String>();
        var items = messages(name);
        for (int i = 0; i < items.size(); i++) {
            var key = items.get(i).string("key");
            if (key == null || key.isEmpty()) throw missing(name + "[" + i + "].key");
            var value = items.get(i).string("value");
            result.put(key, value == null ? "" : value);
        }
        return result;
    }

    MlflowRequest message(String name) {
        var node = field(name);
        if (node != null && !node.isObject()) throw invalidValue(name, node);
        return nested(node);
    }

    /** An enum given by name (case-insensitive) or by its proto number (1-based, in declaration order). */
    <E extends Enum<E>> E enumValue(String name, Class<E> type) {
        var node = field(name);
        if (node == null) return null;
        var constants = type.getEnumConstants();
        if (node.isIntegralNumber() || (node.isTextual() && node.textValue().matches("[0-9]+"))) {
            // Compared without narrowing: 4294967297 must not wrap to 1, nor 99999999999 overflow.
            var number = node.isIntegralNumber() ? node.bigIntegerValue() : new java.math.BigInteger(node.textValue());
            if (number.signum() > 0 && number.compareTo(java.math.BigInteger.valueOf(constants.length)) <= 0) {
                return constants[number.intValue() - 1];
            }
            throw invalidValue(name, node);
        }
        if (node.isTextual()) {
            for (var constant : constants) {
                if (constant.name().equals(node.textValue().toUpperCase(Locale.ROOT))) return constant;
            }
        }
        throw invalidValue(name, node);
    }

    static SextantException missing(String name) {
        return SextantException.invalid("Missing value for required parameter '" + name + "'.");
    }

    /** MLflow's wording, with the JSON type named the way its (Python) message names it. */
    private static SextantException invalidValue(String name, JsonNode node) {
        var type = node.isTextual() ? "str" : node.isIntegralNumber() ? "int" : node.isNumber() ? "float"
                : node.isBoolean() ? "bool" : node.isArray() ? "list" : node.isObject() ? "dict" : "NoneType";
        return invalidValue(name, node.toString(), type);
    }

    /** The same for a streamed value: {@code shown} is the value as JSON, {@code pythonType} its type in MLflow's words. */
    static SextantException invalidValue(String name, String shown, String pythonType) {
        if (shown.length() > 80) shown = shown.substring(0, 80) + "...";
        return SextantException.invalid("Invalid value " + shown + " for parameter '" + name + "' supplied. Hint: Value was "
                + "of type '" + pythonType + "'. See the API docs for more information about request parameters.");
    }

    private static String camelCase(String snake) {
        var result = new StringBuilder(snake.length());
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                result.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return result.toString();
    }
}
