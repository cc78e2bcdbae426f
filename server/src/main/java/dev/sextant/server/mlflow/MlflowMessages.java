package dev.sextant.server.mlflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MLflow's wording for the errors our services report in their own words. Scripts and tools match on MLflow's
 * messages (the error codes are the same either way), so MLflow routes answer with MLflow's text.
 */
final class MlflowMessages {
    private MlflowMessages() {}

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private record Rewrite(Pattern pattern, BiFunction<Matcher, String, String> text) {}

    private static final List<Rewrite> REWRITES = List.of(
            rewrite("run '(.*)' does not exist", (m, run) -> "Run with id=" + m.group(1) + " not found"),
            rewrite("experiment '(.*)' does not exist", (m, run) -> "No Experiment with id=" + m.group(1) + " exists"),
            rewrite("run '(.*)' is deleted; restore it before writing to it",
                    (m, run) -> "The run " + m.group(1) + " must be in the 'active' state. Current state is deleted."),
            rewrite("experiment '(.*)' is deleted; restore it first",
                    (m, run) -> "The experiment " + m.group(1) + " must be in the 'active' state. Current state is deleted."),
            rewrite("param '(.*)' was already logged as '(.*)' and cannot change to '(.*)'",
                    (m, run) -> "Changing param values is not allowed. Param with key='" + m.group(1)
                            + "' was already logged with value='" + m.group(2) + "'" + (run == null ? "" : " for run ID='" + run + "'")
                            + ". Attempted logging new value '" + m.group(3) + "'."),
            rewrite("tag '(.*)' does not exist",
                    (m, run) -> "No tag with name: " + m.group(1) + (run == null ? "" : " in run with id " + run)),
            rewrite("(metric|param|tag) key '(.*)' may only contain .*",
                    (m, run) -> "Invalid " + m.group(1) + " name: '" + m.group(2) + "'. Names may only contain alphanumerics, "
                            + "underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/)."));

    private static Rewrite rewrite(String regex, BiFunction<Matcher, String, String> text) {
        return new Rewrite(Pattern.compile(regex, Pattern.DOTALL), text);
    }

    /** The message as MLflow words it, or {@code message} itself when MLflow has no wording of its own for it. */
    static String mlflowWording(String message, Context ctx) {
        if (message == null) return null;
        for (var rewrite : REWRITES) {
            var matcher = rewrite.pattern().matcher(message);
            if (matcher.matches()) return rewrite.text().apply(matcher, runId(ctx));
        }
        return message;
    }

    private static final String RUN_ID_ATTRIBUTE = "sextant.mlflow.run_id";

    /** Keeps the run a streamed body named, for error messages written after the body is gone. */
    static void rememberRunId(Context ctx, String runId) {
        if (runId != null && !runId.isEmpty()) ctx.attribute(RUN_ID_ATTRIBUTE, runId);
    }

    /** The run a request names, for messages that quote it; null when it names none (or the body is not at hand). */
    private static String runId(Context ctx) {
        for (var name : List.of("run_id", "run_uuid")) {
            var value = ctx.queryParam(name);
            if (value != null && !value.isEmpty()) return value;
        }
        String remembered = ctx.attribute(RUN_ID_ATTRIBUTE);
        if (remembered != null) return remembered;
        try {
            var body = ctx.body();
            if (body.isEmpty() || body.length() > 1_000_000) return null;
            var node = MAPPER.readTree(body);
            for (var name : List.of("run_id", "run_uuid")) {
                if (node != null && node.path(name).isTextual() && !node.path(name).textValue().isEmpty()) {
                    return node.path(name).textValue();
                }
            }
        } catch (Exception unreadable) {
            // Only the message loses the run id.
        }
        return null;
    }
}
