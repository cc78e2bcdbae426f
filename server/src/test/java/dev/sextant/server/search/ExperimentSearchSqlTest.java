package dev.sextant.server.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.sextant.server.error.SextantException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The experiments flavour of the language: name, creation_time, last_update_time and tags. */
class ExperimentSearchSqlTest {
    private static final String TAG =
            "EXISTS (SELECT 1 FROM experiment_tags t WHERE t.experiment_id = e.experiment_id AND t.key = ? AND ";

    static Stream<Arguments> filters() {
        return Stream.of(
                arguments("name = 'a'", "e.name = ?", List.of("a")),
                arguments("attribute.name != 'a'", "e.name <> ?", List.of("a")),
                arguments("name LIKE 'exp%'", "e.name LIKE ?", List.of("exp%")),
                arguments("name ilike 'EXP%'", "LOWER(e.name) LIKE LOWER(?)", List.of("EXP%")),
                arguments("creation_time > 5", "e.creation_time_ms > ?", List.of(5L)),
                arguments("creation_time = 5", "e.creation_time_ms = ?", List.of(5L)),
                arguments("creation_time != 5", "e.creation_time_ms <> ?", List.of(5L)),
                arguments("last_update_time < 5", "e.last_update_time_ms < ?", List.of(5L)),
                arguments("last_update_time <= -5", "e.last_update_time_ms <= ?", List.of(-5L)),
                arguments("attribute.last_update_time >= 1e3", "e.last_update_time_ms >= ?", List.of(1000.0)),
                arguments("tags.k = 'v'", TAG + "t.value = ?)", List.of("k", "v")),
                arguments("tag.`a.b` != 'v'", TAG + "t.value <> ?)", List.of("a.b", "v")),
                arguments("tags.k LIKE 'v%'", TAG + "t.value LIKE ?)", List.of("k", "v%")),
                arguments("tags.k ILIKE 'V%'", TAG + "LOWER(t.value) LIKE LOWER(?))", List.of("k", "V%")),
                arguments("name = 'a' and tags.k = 'v'", "e.name = ? AND " + TAG + "t.value = ?)", List.of("a", "k", "v")));
    }

    static Stream<Arguments> badFilters() {
        return Stream.of(
                arguments("attributes.name = 'a'", "filter: invalid entity type 'attributes' in 'attributes.name'"
                        + " at position 0; use one of attribute, tag, tags"),
                arguments("metrics.loss > 1", "filter: invalid entity type 'metrics' in 'metrics.loss' at position 0;"
                        + " use one of attribute, tag, tags"),
                arguments("experiment_id = 1", "filter: invalid attribute 'experiment_id' in 'experiment_id' at position 0;"
                        + " use one of name, creation_time, last_update_time"),
                arguments("name IN ('a')", "filter: operator 'IN' is not allowed for attribute 'name' at position 5;"
                        + " use one of =, !=, LIKE, ILIKE"),
                arguments("creation_time = 'x'",
                        "filter: attribute 'creation_time' must be compared with a number at position 16, got 'x'"),
                arguments("tags.k < 'a'", "filter: operator '<' is not allowed for tag 'k' at position 7;"
                        + " use one of =, !=, LIKE, ILIKE"),
                arguments("name = 'a' OR name = 'b'",
                        "filter: OR is not supported, only AND may join comparisons; found 'OR' at position 11"));
    }

    static Stream<Arguments> orders() {
        return Stream.of(
                arguments(List.of(), "e.creation_time_ms DESC, e.experiment_id ASC"),
                arguments(List.of("name"), "e.name ASC, e.experiment_id DESC"),
                arguments(List.of("experiment_id DESC"), "e.experiment_id DESC"),
                arguments(List.of("last_update_time DESC", "attribute.name"),
                        "e.last_update_time_ms DESC, e.name ASC, e.experiment_id DESC"),
                arguments(List.of("creation_time", "experiment_id"), "e.creation_time_ms ASC, e.experiment_id ASC"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void an_experiment_filter_becomes_the_expected_sql(String filter, String sql, List<Object> bindings) {
        var condition = ExperimentSearchSql.where(filter);

        assertThat(condition.sql()).isEqualTo(sql);
        assertThat(condition.bindings()).containsExactlyElementsOf(bindings);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFilters")
    void a_bad_experiment_filter_is_rejected_with_a_precise_message(String filter, String message) {
        assertThatThrownBy(() -> ExperimentSearchSql.where(filter)).isInstanceOf(SextantException.class).hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orders")
    void experiment_order_by_follows_mlflow_defaults_and_tie_breaker(List<String> orderBy, String sql) {
        var condition = ExperimentSearchSql.orderBy(orderBy);

        assertThat(condition.sql()).isEqualTo(sql);
        assertThat(condition.bindings()).isEmpty();
    }

    static Stream<Arguments> badOrders() {
        return Stream.of(
                arguments(List.of("tags.k"),
                        "order_by[0]: experiments can only be ordered by attributes; found 'tags.k' at position 0"),
                arguments(List.of("status"), "order_by[0]: invalid attribute 'status' in 'status' at position 0;"
                        + " use one of name, experiment_id, creation_time, last_update_time"),
                arguments(List.of("name", "attribute.name DESC"),
                        "order_by[1]: duplicate field attribute 'name', already ordered by in order_by[0]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOrders")
    void a_bad_experiment_order_by_is_rejected_with_a_precise_message(List<String> orderBy, String message) {
        assertThatThrownBy(() -> ExperimentSearchSql.orderBy(orderBy)).isInstanceOf(SextantException.class).hasMessage(message);
    }

    @Test
    void a_blank_experiment_filter_matches_every_experiment() {
        assertThat(ExperimentSearchSql.where(" ")).isEqualTo(new SqlCondition("1=1", List.of()));
    }
}
