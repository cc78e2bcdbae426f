package dev.sextant.server.service;

import dev.sextant.server.domain.DatasetInput;
import dev.sextant.server.error.SextantException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The limits every write obeys, shared by both APIs (MLflow's own limits, so its clients never see a
 * difference). Each check names the field, the rule and the value it got.
 */
public final class InputRules {
    private InputRules() {}

    public static final int MAX_KEY_LENGTH = 250;
    public static final int MAX_PARAM_VALUE_LENGTH = 8000;
    public static final int MAX_TAG_VALUE_LENGTH = 8000;
    public static final int MAX_EXPERIMENT_NAME_LENGTH = 500;
    public static final int MAX_RUN_NAME_LENGTH = 250;
    /** Most runs or experiments one search page may ask for (MLflow's SEARCH_MAX_RESULTS_THRESHOLD), in both APIs. */
    public static final int MAX_SEARCH_RESULTS = 50_000;

    // MLflow's character set for metric, param and tag keys (':' included since MLflow 2.x: 'eval:loss').
    private static final Pattern KEY_CHARACTERS = Pattern.compile("[/\\w.\\- :]+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern RUN_ID = Pattern.compile("[0-9a-f]{32}");

    /** A metric, param or tag key: MLflow's character set, and a path that normalises to itself. */
    public static void key(Limits limits, String kind, String key) {
        if (key == null || key.isEmpty()) throw SextantException.invalid(kind + " key must not be empty");
        if (key.length() > limits.maxKeyLength()) {
            throw SextantException.invalid(kind + " key must be at most " + limits.maxKeyLength() + " characters (limit max-key-length), got "
                    + key.length() + " ('" + key.substring(0, Math.min(40, key.length())) + "...')");
        }
        if (!KEY_CHARACTERS.matcher(key).matches()) {
            throw SextantException.invalid(kind + " key '" + printable(key) + "' may only contain letters, digits, "
                    + "'_', '-', '.', ' ', ':' and '/'");
        }
        if (key.startsWith("/") || key.endsWith("/") || key.contains("//") || key.equals(".") || key.equals("..")
                || key.startsWith("./") || key.startsWith("../") || key.contains("/./") || key.contains("/../")
                || key.endsWith("/.") || key.endsWith("/..")) {
            throw SextantException.invalid(kind + " key '" + key + "' must be a relative path without empty, '.' or '..' parts");
        }
    }

    public static void params(Limits limits, Map<String, String> params) {
        params.forEach((key, value) -> {
            key(limits, "param", key);
            value("param '" + key + "'", value, limits.maxValueLength());
        });
    }

    public static void tags(Limits limits, Map<String, String> tags) {
        tags.forEach((key, value) -> {
            key(limits, "tag", key);
            value("tag '" + key + "'", value, limits.maxValueLength());
        });
    }

    public static void value(String what, String value, int maxLength) {
        if (value == null) throw SextantException.invalid(what + " must have a value");
        if (value.length() > maxLength) {
            throw SextantException.invalid(what + " value must be at most " + maxLength + " characters (limit max-value-length), got " + value.length());
        }
    }

    /**
     * MLflow's limits for log-inputs: name, digest, source type and source are required. {@code field} is what
     * the request called the list ("datasets" in MLflow's API, "inputs" in ours), so errors point at it.
     */
    public static void datasetInputs(String field, List<DatasetInput> inputs) {
        for (int i = 0; i < inputs.size(); i++) {
            var where = field + "[" + i + "]";
            var dataset = inputs.get(i).dataset();
            datasetField(where + ".dataset.name", dataset.name(), true, 500);
            datasetField(where + ".dataset.digest", dataset.digest(), true, 36);
            datasetField(where + ".dataset.source_type", dataset.sourceType(), true, 500);
            datasetField(where + ".dataset.source", dataset.source(), true, 65_535);
            datasetField(where + ".dataset.schema", dataset.schema(), false, 1_048_575);
            datasetField(where + ".dataset.profile", dataset.profile(), false, 16_777_215);
            for (var tag : inputs.get(i).tags().entrySet()) {
                datasetField(where + ".tags key", tag.getKey(), true, 255);
                datasetField(where + ".tags['" + printable(tag.getKey()) + "']", tag.getValue(), false, 500);
            }
        }
    }

    private static void datasetField(String what, String value, boolean required, int maxLength) {
        if (value == null || value.isEmpty()) {
            if (required) throw SextantException.invalid(what + " is required");
            return;
        }
        if (value.length() > maxLength) {
            throw SextantException.invalid(what + " must be at most " + maxLength + " characters, got " + value.length());
        }
    }

    public static void experimentName(String name) {
        if (name == null || name.isBlank()) throw SextantException.invalid("experiment name must not be empty");
        if (name.length() > MAX_EXPERIMENT_NAME_LENGTH) {
            throw SextantException.invalid("experiment name must be at most " + MAX_EXPERIMENT_NAME_LENGTH
                    + " characters, got " + name.length());
        }
    }

    public static void runName(String name) {
        if (name != null && name.length() > MAX_RUN_NAME_LENGTH) {
            throw SextantException.invalid("run name must be at most " + MAX_RUN_NAME_LENGTH + " characters, got " + name.length());
        }
    }

    /** Our run ids are 32 lowercase hex digits; a malformed id is reported as missing, not as a crash. */
    public static boolean isRunId(String runId) {
        return runId != null && RUN_ID.matcher(runId).matches();
    }

    public static void range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw SextantException.invalid(field + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    private static String printable(String text) {
        return SextantException.abbreviate(text, 60).replaceAll("\\p{Cntrl}", "?");
    }
}
