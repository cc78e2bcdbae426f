package dev.sextant.server.search;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad filters are rejected with a message naming the problem, the offending token and its 0-based position. */
class RunFilterErrorTest {
    static Stream<Arguments> syntaxErrors() {
        return Stream.of(
                arguments("metrics.loss foo",
                        "filter: expected a comparison operator after 'metrics.loss' at position 13, got 'foo'"),
                arguments("metrics.loss < 1 OR metrics.loss > 2",
                        "filter: OR is not supported, only AND may join comparisons; found 'OR' at position 17"),
                arguments("NOT metrics.loss < 1", "filter: NOT is only supported as NOT IN; found 'NOT' at position 0"),
                arguments("(metrics.loss < 1)",
                        "filter: parentheses around comparisons are not supported; found '(' at position 0"),
                arguments("status = 'A' AND (status = 'B')",
                        "filter: parentheses around comparisons are not supported; found '(' at position 17"),
                arguments("metrics.loss IS NULL",
                        "filter: expected a comparison operator after 'metrics.loss' at position 13, got 'IS'"),
                arguments("metrics.loss == 1", "filter: unknown operator '==' at position 13;"
                        + " use one of =, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN"),
                arguments("metrics.loss <> 1", "filter: unknown operator '<>' at position 13;"
                        + " use one of =, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN"),
                arguments("metrics.loss < ",
                        "filter: expected a number or a quoted string after '<' at position 15, got end of input"),
                arguments("params.x = abc", "filter: expected a number or a quoted string after '=' at position 11, got 'abc'"),
                arguments("metrics.loss < 1 AND",
                        "filter: expected an identifier such as metrics.loss at position 20, got end of input"),
                arguments("AND metrics.loss < 1", "filter: expected an identifier such as metrics.loss at position 0, got 'AND'"),
                arguments("'loss' < 1", "filter: expected an identifier such as metrics.loss at position 0, got ''loss''"),
                arguments("metrics.loss < 1 metrics.acc > 2",
                        "filter: expected AND or the end of the filter at position 17, got 'metrics.acc'"),
                arguments("run_id IN 'a'", "filter: expected '(' after IN at position 10, got ''a''"),
                arguments("run_id IN ()", "filter: expected a quoted string in the IN list at position 11, got ')'"),
                arguments("run_id IN ('a' 'b')", "filter: expected ',' or ')' in the IN list at position 15, got ''b''"),
                arguments("run_id NOT IN ('a', 1)", "filter: expected a quoted string in the NOT IN list at position 20, got '1'"),
                arguments("run_id IN ('a',", "filter: expected a quoted string in the IN list at position 15, got end of input"),
                arguments("run_id NOT LIKE 'a'", "filter: expected IN after NOT at position 11, got 'LIKE'"));
    }

    static Stream<Arguments> lexicalErrors() {
        return Stream.of(
                arguments("params.x = 'abc", "filter: unterminated '-quoted text starting at position 11"),
                arguments("params.x = \"abc", "filter: unterminated \"-quoted text starting at position 11"),
                arguments("tags.`abc = 'x'", "filter: unterminated `-quoted text starting at position 5"),
                arguments("params.learning-rate = '1'", "filter: unexpected character '-' at position 15"
                        + " (quote keys containing special characters with backticks, e.g. metrics.`val-loss`)"),
                arguments("metrics.loss # 1", "filter: unexpected character '#' at position 13"
                        + " (quote keys containing special characters with backticks, e.g. metrics.`val-loss`)"),
                arguments("metrics. = 1", "filter: expected a key after '.' at position 8, got ' '"),
                arguments("metrics.", "filter: expected a key after '.' at position 8, got end of input"),
                arguments("metrics.loss < 1x", "filter: malformed number '1x' at position 15"),
                arguments("metrics.loss < 1e", "filter: malformed number '1e' at position 15"),
                arguments("metrics.loss < 1.2.3", "filter: malformed number '1.2.3' at position 15"));
    }

    static Stream<Arguments> fieldErrors() {
        return Stream.of(
                arguments("foo.bar = 'x'", "filter: invalid entity type 'foo' in 'foo.bar' at position 0;"
                        + " use one of metric(s), param(s), parameter(s), tag(s), attribute(s), attr, run, dataset(s)"),
                arguments("Metrics.loss < 1", "filter: invalid entity type 'Metrics' in 'Metrics.loss' at position 0;"
                        + " use one of metric(s), param(s), parameter(s), tag(s), attribute(s), attr, run, dataset(s)"),
                arguments("lifecycle_stage = 'active'", "filter: invalid attribute 'lifecycle_stage' in 'lifecycle_stage'"
                        + " at position 0; use one of run_id, run_name, status, user_id, artifact_uri, sweep_id, start_time, end_time"),
                arguments("attributes.experiment_id = '1'", "filter: invalid attribute 'experiment_id' in"
                        + " 'attributes.experiment_id' at position 0; use one of run_id, run_name, status, user_id,"
                        + " artifact_uri, sweep_id, start_time, end_time"),
                arguments("datasets.size = 'x'",
                        "filter: invalid dataset key 'size' in 'datasets.size' at position 0; use one of name, digest, context"),
                arguments("datasets.name < 'x'", "filter: operator '<' is not allowed for dataset 'name' at position 14;"
                        + " use one of =, !=, LIKE, ILIKE, IN, NOT IN"),
                arguments("metrics.loss = 'abc'", "filter: metric 'loss' must be compared with a number at position 15, got 'abc'"),
                arguments("start_time = '5'", "filter: attribute 'start_time' must be compared with a number at position 13, got '5'"),
                arguments("params.lr = 0.1", "filter: param 'lr' must be compared with a quoted string at position 12, got 0.1"),
                arguments("tags.t = 1", "filter: tag 't' must be compared with a quoted string at position 9, got 1"),
                arguments("status = 5", "filter: attribute 'status' must be compared with a quoted string at position 9, got 5"),
                arguments("metrics.loss LIKE '1'", "filter: operator 'LIKE' is not allowed for metric 'loss' at position 13;"
                        + " use one of =, !=, <, <=, >, >="),
                arguments("metrics.loss IN ('1')", "filter: operator 'IN' is not allowed for metric 'loss' at position 13;"
                        + " use one of =, !=, <, <=, >, >="),
                arguments("end_time ILIKE '1'", "filter: operator 'ILIKE' is not allowed for attribute 'end_time'"
                        + " at position 9; use one of =, !=, <, <=, >, >="),
                arguments("params.x < 'a'", "filter: operator '<' is not allowed for param 'x' at position 9;"
                        + " use one of =, !=, LIKE, ILIKE"),
                arguments("tags.x NOT IN ('a')", "filter: operator 'NOT IN' is not allowed for tag 'x' at position 7;"
                        + " use one of =, !=, LIKE, ILIKE"),
                arguments("status IN ('A')", "filter: operator 'IN' is not allowed for attribute 'status' at position 7;"
                        + " use one of =, !=, LIKE, ILIKE"),
                arguments("run_id > 'a'", "filter: operator '>' is not allowed for attribute 'run_id' at position 7;"
                        + " use one of =, !=, LIKE, ILIKE, IN, NOT IN"));
    }

    static Stream<Arguments> costlyPatterns() {
        return Stream.of(
                arguments("params.p LIKE '" + "%a".repeat(10_000) + "'",
                        "filter: the LIKE pattern at position 14 is 20000 characters long, over the limit of 10000"),
                arguments("params.p LIKE '" + "%a".repeat(5_000) + "'",
                        "filter: the LIKE pattern at position 14 has 5000 '%' wildcards, over the limit of 100"),
                arguments("tags.t ILIKE '" + "%".repeat(101) + "'",
                        "filter: the LIKE pattern at position 13 has 101 '%' wildcards, over the limit of 100"),
                arguments("run_name LIKE '" + "a".repeat(50_001) + "'",
                        "filter: the LIKE pattern at position 14 is 50001 characters long, over the limit of 10000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"syntaxErrors", "lexicalErrors", "fieldErrors", "costlyPatterns"})
    void a_bad_filter_is_rejected_with_a_precise_message(String filter, String message) {
        assertThatThrownBy(() -> RunSearchSql.where(filter))
                .isInstanceOf(SextantException.class)
                .hasMessage(message)
                .extracting(error -> ((SextantException) error).code())
                .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    }
}
