package dev.sextant.server.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.sextant.server.error.SextantException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** order_by elements → exact ORDER BY list and bindings, or → exact error message. */
class RunOrderByTest {
    private static final String TIE_BREAK = ", r.start_time_ms DESC, r.run_id ASC";

    /** The two terms a keyed field sorts by: presence rank (value, NaN, missing), then the value. */
    private static String keyed(String table, String alias, String value, String direction) {
        var from = "FROM " + table + " " + alias + " WHERE " + alias + ".run_id = r.run_id AND " + alias + ".key = ?";
        return "COALESCE((SELECT CASE WHEN " + value + " IS NULL THEN 1 ELSE 0 END " + from + "), 2) ASC, (SELECT "
                + value + " " + from + ") " + direction;
    }

    static Stream<Arguments> orders() {
        return Stream.of(
                arguments(List.of(), "r.start_time_ms DESC, r.run_id ASC", List.of()),
                arguments(List.of("metrics.loss DESC"),
                        "COALESCE((SELECT CASE WHEN m.last_value IS NULL THEN 1 ELSE 0 END FROM metric_series m"
                                + " WHERE m.run_id = r.run_id AND m.key = ?), 2) ASC, (SELECT m.last_value FROM"
                                + " metric_series m WHERE m.run_id = r.run_id AND m.key = ?) DESC" + TIE_BREAK,
                        List.of("loss", "loss")),
                arguments(List.of("metric.`train/loss` asc"),
                        keyed("metric_series", "m", "m.last_value", "ASC") + TIE_BREAK, List.of("train/loss", "train/loss")),
                arguments(List.of("params.lr"), keyed("params", "p", "p.value", "ASC") + TIE_BREAK, List.of("lr", "lr")),
                arguments(List.of("tags.\"my tag\" desc"),
                        keyed("run_tags", "t", "t.value", "DESC") + TIE_BREAK, List.of("my tag", "my tag")),
                arguments(List.of("tags.mlflow.runName"),
                        keyed("run_tags", "t", "t.value", "ASC") + TIE_BREAK, List.of("mlflow.runName", "mlflow.runName")),
                arguments(List.of("params.a", "tags.b DESC"), keyed("params", "p", "p.value", "ASC") + ", "
                        + keyed("run_tags", "t", "t.value", "DESC") + TIE_BREAK, List.of("a", "a", "b", "b")),
                arguments(List.of("attributes.start_time ASC"), "r.start_time_ms ASC, r.run_id ASC", List.of()),
                arguments(List.of("start_time"), "r.start_time_ms ASC, r.run_id ASC", List.of()),
                arguments(List.of("created DESC"), "r.start_time_ms DESC, r.run_id ASC", List.of()),
                arguments(List.of("end_time DESC"),
                        "(r.end_time_ms IS NULL) ASC, r.end_time_ms DESC" + TIE_BREAK, List.of()),
                arguments(List.of("status", "attr.run_name DESC"), "r.status ASC, r.name DESC" + TIE_BREAK, List.of()),
                arguments(List.of("user_id", "run.artifact_uri"), "r.user_id ASC, r.artifact_uri ASC" + TIE_BREAK, List.of()),
                arguments(List.of("run_id DESC"), "r.run_id DESC, r.start_time_ms DESC", List.of()),
                arguments(List.of("  `metrics`.loss   Desc  "),
                        keyed("metric_series", "m", "m.last_value", "DESC") + TIE_BREAK, List.of("loss", "loss")));
    }

    static Stream<Arguments> badOrders() {
        return Stream.of(
                arguments(List.of("metrics.loss foo"), "order_by[0]: expected ASC, DESC or the end of the clause"
                        + " after 'metrics.loss' at position 13, got 'foo'"),
                arguments(List.of("metrics.loss DESC ASC"), "order_by[0]: expected ASC, DESC or the end of the clause"
                        + " after 'metrics.loss' at position 18, got 'ASC'"),
                arguments(List.of("status", ""),
                        "order_by[1]: expected an identifier such as metrics.loss at position 0, got end of input"),
                arguments(List.of("DESC"), "order_by[0]: expected an identifier such as metrics.loss at position 0, got 'DESC'"),
                arguments(List.of("start_time", "created DESC"),
                        "order_by[1]: duplicate field attribute 'start_time', already ordered by in order_by[0]"),
                arguments(List.of("metrics.loss", "status", "metric.loss DESC"),
                        "order_by[2]: duplicate field metric 'loss', already ordered by in order_by[0]"),
                arguments(List.of("datasets.name"), "order_by[0]: datasets cannot be ordered by; found 'datasets.name' at position 0"),
                arguments(List.of("lifecycle_stage"), "order_by[0]: invalid attribute 'lifecycle_stage' in 'lifecycle_stage'"
                        + " at position 0; use one of run_id, run_name, status, user_id, artifact_uri, sweep_id, start_time, end_time"),
                arguments(List.of("foo.bar"), "order_by[0]: invalid entity type 'foo' in 'foo.bar' at position 0;"
                        + " use one of metric(s), param(s), parameter(s), tag(s), attribute(s), attr, run, dataset(s)"),
                arguments(List.of("metrics.`loss"), "order_by[0]: unterminated `-quoted text starting at position 8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orders")
    void order_by_becomes_a_total_order_with_missing_values_last(List<String> orderBy, String sql, List<Object> bindings) {
        var condition = RunSearchSql.orderBy(orderBy);

        assertThat(condition.sql()).isEqualTo(sql);
        assertThat(condition.bindings()).containsExactlyElementsOf(bindings);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOrders")
    void a_bad_order_by_is_rejected_with_a_precise_message(List<String> orderBy, String message) {
        assertThatThrownBy(() -> RunSearchSql.orderBy(orderBy)).isInstanceOf(SextantException.class).hasMessage(message);
    }
}
