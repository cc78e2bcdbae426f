package dev.sextant.server.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Filters on run attributes, which compare columns of {@code runs r} directly. */
class RunAttributeFilterSqlTest {
    static Stream<Arguments> stringAttributes() {
        return Stream.of(
                arguments("attributes.status != 'FAILED'", "r.status <> ?", List.of("FAILED")),
                arguments("attribute.status = 'RUNNING'", "r.status = ?", List.of("RUNNING")),
                arguments("attr.status LIKE 'FIN%'", "r.status LIKE ?", List.of("FIN%")),
                arguments("run.status ILIKE 'fin%'", "LOWER(r.status) LIKE LOWER(?)", List.of("fin%")),
                arguments("status = \"FINISHED\"", "r.status = ?", List.of("FINISHED")),
                arguments("run_name LIKE 'exp-%'", "r.name LIKE ?", List.of("exp-%")),
                arguments("attributes.`run name` = 'a'", "r.name = ?", List.of("a")),
                arguments("\"Run Name\" = 'a'", "r.name = ?", List.of("a")),
                arguments("`Run name` != 'a'", "r.name <> ?", List.of("a")),
                arguments("user_id = 'alice'", "r.user_id = ?", List.of("alice")),
                arguments("attributes.artifact_uri LIKE 's3://%'", "r.artifact_uri LIKE ?", List.of("s3://%")),
                arguments("attributes.run_id = 'a1'", "r.run_id = ?", List.of("a1")),
                arguments("attributes.run_id IN ('a1','b2')", "r.run_id IN (?, ?)", List.of("a1", "b2")),
                arguments("run_id in ( \"a1\" )", "r.run_id IN (?)", List.of("a1")),
                arguments("run_id NOT IN ('a1', 'b2', 'c3')", "r.run_id NOT IN (?, ?, ?)", List.of("a1", "b2", "c3")),
                arguments("run_id not In ('a1')", "r.run_id NOT IN (?)", List.of("a1")));
    }

    static Stream<Arguments> numericAttributes() {
        return Stream.of(
                arguments("attribute.start_time >= 1700000000000", "r.start_time_ms >= ?", List.of(1700000000000L)),
                arguments("start_time = 5", "r.start_time_ms = ?", List.of(5L)),
                arguments("start_time != 5", "r.start_time_ms <> ?", List.of(5L)),
                arguments("start_time < 5", "r.start_time_ms < ?", List.of(5L)),
                arguments("start_time <= 5", "r.start_time_ms <= ?", List.of(5L)),
                arguments("start_time > -5", "r.start_time_ms > ?", List.of(-5L)),
                arguments("created >= 5", "r.start_time_ms >= ?", List.of(5L)),
                arguments("attributes.Created < 5", "r.start_time_ms < ?", List.of(5L)),
                arguments("end_time > 1.5e3", "r.end_time_ms > ?", List.of(1500.0)),
                arguments("end_time > 0.5", "r.end_time_ms > ?", List.of(0.5)),
                arguments("end_time < 99999999999999999999", "r.end_time_ms < ?", List.of(1e20)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"stringAttributes", "numericAttributes"})
    void an_attribute_filter_compares_the_run_column(String filter, String sql, List<Object> bindings) {
        var condition = RunSearchSql.where(filter);

        assertThat(condition.sql()).isEqualTo(sql);
        assertThat(condition.bindings()).containsExactlyElementsOf(bindings);
    }
}
