package dev.sextant.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.service.ParamText;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's config travels as nested JSON and is stored flat, as dotted keys ({"optimizer":{"lr":0.01}}
 * ⇄ "optimizer.lr" = "0.01"), so it can be searched and diffed key by key. Leaves keep their JSON
 * text: integers as written, fractional numbers as Python writes them ({@link ParamText}), strings unquoted, lists
 * as JSON arrays.
 */
final class ConfigJson {
    private ConfigJson() {}

    static Map<String, String> flatten(JsonNode config) {
        var flat = new LinkedHashMap<String, String>();
        if (config == null || config.isNull()) return flat;
        if (!config.isObject()) throw SextantException.invalid("config must be a JSON object, got " + config.getNodeType());
        config.fields().forEachRemaining(field -> flatten(field.getKey(), field.getValue(), flat));
        return flat;
    }

    /** An empty nested object is kept as the leaf "{}" so that it survives the round trip. */
    private static void flatten(String key, JsonNode node, Map<String, String> flat) {
        if (node.isObject() && !node.isEmpty()) {
            node.fields().forEachRemaining(field -> flatten(key + "." + field.getKey(), field.getValue(), flat));
            return;
        }
        flat.put(key, ParamText.of(node));
    }

    /** The nested view of flat params; a key that is both a leaf and a prefix stays flat at that level. */
    static Map<String, Object> nest(Map<String, String> flat, ObjectMapper mapper) {
        var root = new TreeMap<String, Object>();
        for (var entry : new TreeMap<>(flat).entrySet()) {
            String[] parts = entry.getKey().split("\\.");
            Map<String, Object> level = root;
            boolean placed = false;
            for (int i = 0; i < parts.length - 1 && !placed; i++) {
                Object child = level.get(parts[i]);
                if (child == null) {
                    var next = new TreeMap<String, Object>();
                    level.put(parts[i], next);
                    level = next;
                } else if (child instanceof Map<?, ?> map) {
                    @SuppressWarnings("unchecked") var next = (Map<String, Object>) map;
                    level = next;
                } else {
                    level.put(String.join(".", java.util.Arrays.copyOfRange(parts, i, parts.length)), typed(entry.getValue(), mapper));
                    placed = true;
                }
            }
            if (!placed) level.put(parts[parts.length - 1], typed(entry.getValue(), mapper));
        }
        return root;
    }

    /** Numbers, booleans, null and JSON arrays come back as themselves; anything else as the string. */
    private static Object typed(String value, ObjectMapper mapper) {
        if (value.isEmpty()) return value;
        char first = value.charAt(0);
        boolean looksJson = first == '[' || first == '-' || Character.isDigit(first)
                || value.equals("true") || value.equals("false") || value.equals("null");
        if (!looksJson) return value;
        try {
            JsonNode node = mapper.readTree(value);
            if (node == null || node.isTextual() || node.isObject()) return value;
            if (node.isNumber() && !ParamText.of(node).equals(value)) return value; // only exact round-trips
            return node;
        } catch (Exception e) {
            return value;
        }
    }
}
