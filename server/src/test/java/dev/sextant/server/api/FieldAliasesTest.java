package dev.sextant.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every listed alias points at a field its operation really declares, and is itself not one (else it were no alias). */
class FieldAliasesTest {
    /** The record each operation reads (Requests.body's second and third arguments in the handlers). */
    private static final Map<String, Class<?>> RECORDS = Map.ofEntries(
            Map.entry("experiments.create", ExperimentHandlers.CreateExperimentRequest.class),
            Map.entry("experiments.update", ExperimentHandlers.UpdateExperimentRequest.class),
            Map.entry("runs.create", RunHandlers.CreateRunRequest.class),
            Map.entry("runs.update", RunHandlers.UpdateRunRequest.class),
            Map.entry("runs.log_config", RunHandlers.ConfigRequest.class),
            Map.entry("runs.log_inputs", RunHandlers.InputsRequest.class),
            Map.entry("runs.search", RunHandlers.SearchRunsRequest.class),
            Map.entry("metrics.query", MetricHandlers.QueryRequest.class),
            Map.entry("metrics.groups", MetricHandlers.GroupsRequest.class),
            Map.entry("views.create", ViewHandlers.ViewRequest.class),
            Map.entry("views.update", ViewHandlers.ViewRequest.class),
            Map.entry("sweeps.create", SweepHandlers.CreateSweepRequest.class),
            Map.entry("auth.share", AuthHandlers.ShareRequest.class));
    private static final Pattern NAMED = Pattern.compile("'([a-z_]+)'");

    @Test
    void every_hint_names_a_field_of_the_object_the_alias_was_sent_in() {
        for (var entry : FieldAliases.HINTS.entrySet()) {
            var key = entry.getKey().split(" ", 2);
            var path = key[1];
            int dot = path.lastIndexOf('.');
            var known = fields(key[0], dot < 0 ? "" : path.substring(0, dot));
            var alias = path.substring(dot + 1);
            assertThat(known).as(entry.getKey()).isNotEmpty().doesNotContain(alias);
            var named = NAMED.matcher(entry.getValue());
            if (named.find()) assertThat(known).as(entry.getKey() + " -> " + entry.getValue()).contains(named.group(1));
        }
    }

    @ParameterizedTest
    @CsvSource({
            "runs.create, experimentId, use 'experiment_id'",
            "runs.create, start_time, use 'start_time_ms'",
            "runs.search, experiment_id, use 'experiment_ids'",
            "metrics.query, key, use 'keys'",
            "auth.share, run_id, use 'run_ids'",
            "runs.update, note, use 'notes'",
    })
    void common_spellings_of_a_declared_field_are_hinted_without_a_listing(String operation, String name, String hint) {
        assertThat(FieldAliases.hint(operation, name, name, fields(operation, ""))).isEqualTo(hint);
    }

    @Test
    void a_name_with_no_declared_neighbour_gets_no_hint() {
        assertThat(FieldAliases.hint("runs.create", "colour", "colour", fields("runs.create", ""))).isNull();
    }

    /** The snake_case fields of the object at {@code parent} ("", "inputs[].dataset") of the operation's body. */
    private static List<String> fields(String operation, String parent) {
        if (operation.equals("metrics.log")) {
            return parent.isEmpty() ? MetricBatchReader.BATCH_FIELDS : MetricBatchReader.POINT_FIELDS;
        }
        Type type = RECORDS.get(operation);
        assertThat(type).as("a record for " + operation).isNotNull();
        for (var step : parent.isEmpty() ? new String[0] : parent.split("\\.")) {
            var name = step.replace("[]", "");
            var component = Arrays.stream(((Class<?>) type).getRecordComponents())
                    .filter(c -> snake(c.getName()).equals(name)).findFirst().orElseThrow();
            type = component.getGenericType();
            if (step.endsWith("[]")) type = ((ParameterizedType) type).getActualTypeArguments()[0];
        }
        var names = new ArrayList<String>();
        for (var component : ((Class<?>) type).getRecordComponents()) names.add(snake(component.getName()));
        return names;
    }

    private static String snake(String name) {
        return new PropertyNamingStrategies.SnakeCaseStrategy().translate(name);
    }
}
