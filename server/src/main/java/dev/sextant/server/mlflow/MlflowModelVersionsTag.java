package dev.sextant.server.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The {@code mlflow.modelVersions} tag MLflow 3's server keeps on a logged model: the JSON list of the registered
 * model versions made from it, {@code [{"name": "m", "version": 1}]}, written the way Python's {@code json.dumps}
 * writes it (clients and scripts compare the text). MLflow's fluent {@code register_model} appends its own entry
 * after the server's, as it does against MLflow.
 */
final class MlflowModelVersionsTag {
    private MlflowModelVersionsTag() {}

    static final String KEY = "mlflow.modelVersions";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The tag with {@code name}/{@code version} appended; null when it is already listed or the tag is not a JSON list. */
    static String withVersion(String existing, String name, int version) {
        ArrayNode versions;
        if (existing == null || existing.isBlank()) {
            versions = MAPPER.createArrayNode();
        } else {
            try {
                if (!(MAPPER.readTree(existing) instanceof ArrayNode list)) return null;
                versions = list;
            } catch (JsonProcessingException notJson) {
                return null;
            }
        }
        var entry = MAPPER.createObjectNode().put("name", name).put("version", version);
        for (var listed : versions) {
            if (listed.equals(entry)) return null;
        }
        versions.add(entry);
        var text = new StringBuilder();
        writePython(versions, text);
        return text.toString();
    }

    /** JSON as Python's json.dumps writes it by default: ", " and ": " separators, non-ASCII as \\uxxxx. */
    private static void writePython(JsonNode node, StringBuilder out) {
        if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) out.append(", ");
                writePython(node.get(i), out);
            }
            out.append(']');
        } else if (node.isObject()) {
            out.append('{');
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                writeString(field.getKey(), out);
                out.append(": ");
                writePython(field.getValue(), out);
                if (fields.hasNext()) out.append(", ");
            }
            out.append('}');
        } else if (node.isTextual()) {
            writeString(node.textValue(), out);
        } else {
            out.append(node);
        }
    }

    private static void writeString(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }
}
