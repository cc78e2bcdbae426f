package dev.sextant.server.api;

import java.util.Collection;
import java.util.Map;

/**
 * What to send instead of a field the native API does not declare, for the names other tools and habits use: MLflow's
 * REST words (run_name, params, filter_string...), camelCase, a unit suffix left off (start_time for start_time_ms),
 * singular for plural. Only a hint for the error message: an alias is never accepted in place of the field.
 */
final class FieldAliases {
    private FieldAliases() {}

    /**
     * Keyed by "operation path" with list indices removed ("runs.log_inputs inputs[].dataset.uri"). Each hint names a
     * field the request record really declares: UnknownFieldApiTest checks every one.
     */
    static final Map<String, String> HINTS = Map.ofEntries(
            Map.entry("experiments.create experiment_name", "use 'name'"),
            Map.entry("experiments.update new_name", "use 'name'"),
            Map.entry("runs.create run_name", "use 'name'"),
            Map.entry("runs.create params", "use 'config', a JSON object"),
            Map.entry("runs.create hparams", "use 'config', a JSON object"),
            Map.entry("runs.create experiment", "use 'experiment_id', or 'experiment_name' for a name"),
            Map.entry("runs.create user_id", "use 'user'"),
            Map.entry("runs.create run_uuid", "use 'run_id'"),
            Map.entry("runs.create parent_id", "use 'parent_run_id'"),
            Map.entry("runs.update run_name", "use 'name'"),
            Map.entry("runs.update description", "use 'notes'"),
            Map.entry("runs.update run_id", "the run is the one in the path"),
            Map.entry("runs.log_config params", "use 'config', a JSON object"),
            Map.entry("runs.log_inputs datasets", "use 'inputs'"),
            Map.entry("runs.log_inputs dataset_inputs", "use 'inputs'"),
            Map.entry("runs.log_inputs inputs[].context", "use 'tags' {\"mlflow.data.context\": ...}"),
            Map.entry("runs.log_inputs inputs[].dataset.uri", "use 'source'"),
            Map.entry("runs.log_inputs inputs[].dataset.path", "use 'source'"),
            Map.entry("runs.search filter_string", "use 'filter'"),
            Map.entry("runs.search run_view_type", "use 'view'"),
            Map.entry("runs.search order", "use 'order_by'"),
            Map.entry("metrics.log points", "use 'metrics'"),
            Map.entry("metrics.log run_id", "the run is the one in the path"),
            Map.entry("metrics.log metrics[].name", "use 'key'"),
            Map.entry("metrics.log metrics[].metric", "use 'key'"),
            Map.entry("metrics.query metric_keys", "use 'keys'"),
            Map.entry("metrics.query from", "use 'from_step'"),
            Map.entry("metrics.query to", "use 'to_step'"),
            Map.entry("metrics.groups metric_key", "use 'key'"),
            Map.entry("metrics.groups filter_string", "use 'filter'"),
            Map.entry("views.create default", "use 'is_default'"),
            Map.entry("views.update default", "use 'is_default'"),
            Map.entry("sweeps.create experiment", "use 'experiment_id'"),
            Map.entry("sweeps.create method", "the sweep definition goes inside 'config'"),
            Map.entry("sweeps.create parameters", "the sweep definition goes inside 'config'"),
            Map.entry("sweeps.create metric", "the sweep definition goes inside 'config'"),
            Map.entry("auth.share expires_in", "use 'expires_in_s', in seconds"));

    /** The hint for the unknown field {@code name} at {@code path}, or null when none is obvious; {@code known}: its object's fields. */
    static String hint(String operation, String path, String name, Collection<String> known) {
        var listed = HINTS.get(operation + " " + path.replaceAll("\\[\\d+]", "[]"));
        if (listed != null) return listed;
        var snake = snakeCase(name);
        for (var candidate : new String[] {snake, snake + "_ms", snake + "_s", snake + "s",
                snake.endsWith("s") ? snake.substring(0, snake.length() - 1) : null}) {
            if (candidate != null && !candidate.equals(name) && known.contains(candidate)) return "use '" + candidate + "'";
        }
        return null;
    }

    /** "experimentId" → "experiment_id"; a name without capitals is returned as it is. */
    static String snakeCase(String name) {
        var snake = new StringBuilder(name.length() + 4);
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) snake.append('_').append(Character.toLowerCase(c));
            else snake.append(c);
        }
        return snake.toString();
    }
}
