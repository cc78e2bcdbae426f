package dev.sextant.server.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Filters on metrics, params and tags, and how comparisons combine: filter text → exact SQL and bindings. */
class RunFilterSqlTest {
    private static final String METRIC = "EXISTS (SELECT 1 FROM metric_series m WHERE m.run_id = r.run_id AND m.key = ? AND ";
    private static final String PARAM = "EXISTS (SELECT 1 FROM params p WHERE p.run_id = r.run_id AND p.key = ? AND ";
    private static final String TAG = "EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = r.run_id AND t.key = ? AND ";

    static Stream<Arguments> metricFilters() {
        return Stream.of(
                arguments("metrics.loss = 1", METRIC + "m.last_value = ?)", List.of("loss", 1.0)),
                arguments("metrics.loss != 1", METRIC + "(m.last_value <> ? OR m.last_value IS NULL))", List.of("loss", 1.0)),
                arguments("metrics.loss < 1", METRIC + "m.last_value < ?)", List.of("loss", 1.0)),
                arguments("metrics.loss <= 1", METRIC + "m.last_value <= ?)", List.of("loss", 1.0)),
                arguments("metrics.loss > 1", METRIC + "m.last_value > ?)", List.of("loss", 1.0)),
                arguments("metrics.loss >= 1", METRIC + "m.last_value >= ?)", List.of("loss", 1.0)),
                arguments("metric.loss<0.25", METRIC + "m.last_value < ?)", List.of("loss", 0.25)),
                arguments("metrics.loss > -1.5", METRIC + "m.last_value > ?)", List.of("loss", -1.5)),
                arguments("metrics.loss < 1e-3", METRIC + "m.last_value < ?)", List.of("loss", 0.001)),
                arguments("metrics.loss < 2.5E+2", METRIC + "m.last_value < ?)", List.of("loss", 250.0)),
                arguments("metrics.loss >= .5", METRIC + "m.last_value >= ?)", List.of("loss", 0.5)),
                arguments("metrics.loss >= -.5", METRIC + "m.last_value >= ?)", List.of("loss", -0.5)),
                arguments("metrics.loss <= +2", METRIC + "m.last_value <= ?)", List.of("loss", 2.0)),
                arguments("metrics.`train/loss` < 2", METRIC + "m.last_value < ?)", List.of("train/loss", 2.0)),
                arguments("metrics.\"val loss\" < 2", METRIC + "m.last_value < ?)", List.of("val loss", 2.0)),
                arguments("metrics.`a.b-c` < 2", METRIC + "m.last_value < ?)", List.of("a.b-c", 2.0)),
                arguments("metrics.system.cpu < 2", METRIC + "m.last_value < ?)", List.of("system.cpu", 2.0)),
                arguments("`metrics`.loss < 2", METRIC + "m.last_value < ?)", List.of("loss", 2.0)),
                // MLflow strips only the outer backticks, so a doubled one stays doubled.
                arguments("metrics.`it``s` < 2", METRIC + "m.last_value < ?)", List.of("it``s", 2.0)));
    }

    static Stream<Arguments> paramAndTagFilters() {
        return Stream.of(
                arguments("params.model = 'lr'", PARAM + "p.value = ?)", List.of("model", "lr")),
                arguments("params.model = \"lr\"", PARAM + "p.value = ?)", List.of("model", "lr")),
                arguments("param.model != 'lr'", PARAM + "p.value <> ?)", List.of("model", "lr")),
                arguments("parameter.model LIKE 'l%'", PARAM + "p.value LIKE ?)", List.of("model", "l%")),
                arguments("parameters.lr ILIKE '%E-3'", PARAM + "LOWER(p.value) LIKE LOWER(?))", List.of("lr", "%E-3")),
                arguments("params.model like 'l_'", PARAM + "p.value LIKE ?)", List.of("model", "l_")),
                arguments("params.model iLike 'L_'", PARAM + "LOWER(p.value) LIKE LOWER(?))", List.of("model", "L_")),
                arguments("params.note = 'it''s'", PARAM + "p.value = ?)", List.of("note", "it''s")),
                arguments("params.note = \"say \"\"hi\"\"\"", PARAM + "p.value = ?)", List.of("note", "say \"\"hi\"\"")),
                arguments("params.note = 'a \"b\" c'", PARAM + "p.value = ?)", List.of("note", "a \"b\" c")),
                arguments("params.note = ''", PARAM + "p.value = ?)", List.of("note", "")),
                arguments("params.`learning-rate` = '0.1'", PARAM + "p.value = ?)", List.of("learning-rate", "0.1")),
                arguments("params.`my key` = '1'", PARAM + "p.value = ?)", List.of("my key", "1")),
                arguments("tags.`mlflow.source.type` = \"LOCAL\"", TAG + "t.value = ?)", List.of("mlflow.source.type", "LOCAL")),
                arguments("tags.mlflow.runName = 'exp'", TAG + "t.value = ?)", List.of("mlflow.runName", "exp")),
                arguments("tag.team != 'vision'", TAG + "t.value <> ?)", List.of("team", "vision")),
                arguments("tags.team LIKE 'vis%'", TAG + "t.value LIKE ?)", List.of("team", "vis%")),
                arguments("tags.team ILIKE 'VIS%'", TAG + "LOWER(t.value) LIKE LOWER(?))", List.of("team", "VIS%")),
                arguments("tags.x = '; DROP TABLE runs; --'", TAG + "t.value = ?)", List.of("x", "; DROP TABLE runs; --")));
    }

    static Stream<Arguments> combinedFilters() {
        return Stream.of(
                arguments("metrics.rmse < 1 and params.model = 'lr'",
                        METRIC + "m.last_value < ?) AND " + PARAM + "p.value = ?)", List.of("rmse", 1.0, "model", "lr")),
                arguments("metrics.rmse < 1 AnD status = 'FINISHED' AND tags.t = 'x'",
                        METRIC + "m.last_value < ?) AND r.status = ? AND " + TAG + "t.value = ?)",
                        List.of("rmse", 1.0, "FINISHED", "t", "x")),
                arguments("  status = 'A'\n\tAND\r\nstatus != 'B'  ", "r.status = ? AND r.status <> ?", List.of("A", "B")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"metricFilters", "paramAndTagFilters", "combinedFilters"})
    void a_filter_becomes_the_expected_sql_and_bindings(String filter, String sql, List<Object> bindings) {
        var condition = RunSearchSql.where(filter);

        assertThat(condition.sql()).isEqualTo(sql);
        assertThat(condition.bindings()).containsExactlyElementsOf(bindings);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\n\t"})
    void a_blank_filter_matches_every_run(String filter) {
        assertThat(RunSearchSql.where(filter)).isEqualTo(new SqlCondition("1=1", List.of()));
    }
}
