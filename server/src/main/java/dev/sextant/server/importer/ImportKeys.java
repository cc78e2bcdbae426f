package dev.sextant.server.importer;

import dev.sextant.server.service.InputRules;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Source tools allow keys Sextant (like MLflow) refuses, e.g. "loss (train)" or "a//b". Each such key is imported
 * under a cleaned name (every other character becomes '_', empty path parts are dropped) and the rename is
 * reported once; values over the length limit are left out and reported.
 */
final class ImportKeys {
    private static final Pattern NOT_ALLOWED = Pattern.compile("[^/\\w.\\- ]", Pattern.UNICODE_CHARACTER_CLASS);
    private final Map<String, String> cleaned = new HashMap<>();
    private final ImportReport report;

    ImportKeys(ImportReport report) {
        this.report = report;
    }

    /** The key to store, or null when even the cleaned key cannot be stored (reported). */
    String clean(String kind, String key) {
        return cleaned.computeIfAbsent(kind + "\u0000" + key, ignored -> {
            String result = cleanKey(key);
            if (result.isEmpty() || result.length() > InputRules.MAX_KEY_LENGTH) {
                report.skip(kind + " keys that are empty or longer than " + InputRules.MAX_KEY_LENGTH + " characters", key);
                return null;
            }
            if (!result.equals(key)) {
                report.skip(kind + " keys renamed to the characters Sextant allows (the values are imported)",
                        "'" + key + "' → '" + result + "'");
            }
            return result;
        });
    }

    /** Params or tags with cleaned keys, leaving out values over the length limit. */
    Map<String, String> cleanAll(String kind, Map<String, String> values) {
        var result = new LinkedHashMap<String, String>();
        values.forEach((key, value) -> {
            String name = clean(kind, key);
            if (name == null) return;
            if (value == null || value.length() > InputRules.MAX_PARAM_VALUE_LENGTH) {
                report.skip(kind + " values longer than " + InputRules.MAX_PARAM_VALUE_LENGTH + " characters (limit max-value-length)", key);
                return;
            }
            result.put(name, value);
        });
        return result;
    }

    static String cleanKey(String key) {
        String replaced = NOT_ALLOWED.matcher(key).replaceAll("_");
        var parts = new StringBuilder();
        for (String part : replaced.split("/")) {
            if (part.isEmpty()) continue;
            if (part.equals(".") || part.equals("..")) part = part.replace('.', '_');
            if (!parts.isEmpty()) parts.append('/');
            parts.append(part);
        }
        return parts.toString();
    }
}
