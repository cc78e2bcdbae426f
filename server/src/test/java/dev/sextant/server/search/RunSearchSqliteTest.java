package dev.sextant.server.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the generated SQL on a real SQLite database with the V001 schema. Four runs:
 * a1 (FINISHED, start 1000, end 2000, alice), b2 (RUNNING, start 2000, no end, bob),
 * c3 (FAILED, start 3000, end 3500, alice), d4 (FINISHED, start 3000, end 4000, carol).
 */
class RunSearchSqliteTest {
    @TempDir
    static Path folder;
    private static Connection connection;

    @BeforeAll
    static void createRuns() throws SQLException {
        connection = SearchDatabase.create(folder.resolve("search.db"));
        run("a1", "exp-1", "FINISHED", 1000, 2000L, "alice", "s3://bucket/a1");
        run("b2", "exp-2", "RUNNING", 2000, null, "bob", "file:///tmp/b2");
        run("c3", "other", "FAILED", 3000, 3500L, "alice", "file:///tmp/c3");
        run("d4", "exp-4", "FINISHED", 3000, 4000L, "carol", "file:///tmp/d4");
        keyValue("params", "a1", "lr", "0.1");
        keyValue("params", "a1", "model", "lr");
        keyValue("params", "b2", "lr", "0.01");
        keyValue("params", "b2", "model", "LR");
        keyValue("params", "c3", "model", "xgb");
        keyValue("params", "d4", "seed", "7");
        keyValue("params", "c3", "long", "a".repeat(7999) + "b");
        keyValue("run_tags", "a1", "mlflow.source.type", "LOCAL");
        keyValue("run_tags", "a1", "team", "Vision");
        keyValue("run_tags", "b2", "team", "vision");
        keyValue("run_tags", "d4", "team", "audio");
        metric("a1", "loss", 0.5);
        metric("a1", "acc", 0.9);
        metric("b2", "loss", 0.2);
        metric("b2", "acc", null); // the schema stores a NaN latest value as NULL
        metric("c3", "loss", 1.5);
        metric("d4", "other", 0.1);
    }

    @AfterAll
    static void close() throws SQLException {
        connection.close();
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                arguments("metrics.loss = 0.5", List.of("a1")),
                arguments("metrics.loss != 0.5", List.of("b2", "c3")),
                // A NaN latest value differs from every number, as in MLflow.
                arguments("metrics.acc != 0.9", List.of("b2")),
                arguments("metrics.loss < 0.5", List.of("b2")),
                arguments("metrics.loss <= 0.5", List.of("a1", "b2")),
                arguments("metrics.loss > 0.5", List.of("c3")),
                arguments("metrics.loss >= 0.5", List.of("a1", "c3")),
                arguments("metrics.acc > -1e3", List.of("a1")),
                arguments("params.model = 'lr'", List.of("a1")),
                arguments("params.model != 'lr'", List.of("b2", "c3")),
                arguments("params.model LIKE 'l%'", List.of("a1")),
                arguments("params.model ILIKE 'L%'", List.of("a1", "b2")),
                arguments("params.lr = \"0.01\"", List.of("b2")),
                arguments("tags.team = 'vision'", List.of("b2")),
                arguments("tags.team != 'audio'", List.of("a1", "b2")),
                arguments("tags.team LIKE '%ision'", List.of("a1", "b2")),
                arguments("tags.team ILIKE 'VISION'", List.of("a1", "b2")),
                arguments("tags.`mlflow.source.type` = \"LOCAL\"", List.of("a1")),
                arguments("status = 'FINISHED'", List.of("a1", "d4")),
                arguments("attributes.status != 'FINISHED'", List.of("b2", "c3")),
                arguments("status LIKE 'F%'", List.of("a1", "c3", "d4")),
                arguments("status LIKE 'f%'", List.of()),
                arguments("status ILIKE 'f%'", List.of("a1", "c3", "d4")),
                arguments("run_name LIKE 'exp-%'", List.of("a1", "b2", "d4")),
                arguments("user_id = 'alice'", List.of("a1", "c3")),
                arguments("artifact_uri LIKE 's3://%'", List.of("a1")),
                arguments("run_id IN ('a1', 'c3')", List.of("a1", "c3")),
                arguments("run_id NOT IN ('a1', 'c3')", List.of("b2", "d4")),
                arguments("run_id IN ('A1')", List.of()),
                arguments("start_time >= 3000", List.of("c3", "d4")),
                arguments("created < 2000", List.of("a1")),
                arguments("end_time > 1000", List.of("a1", "c3", "d4")),
                arguments("end_time != 2000", List.of("c3", "d4")),
                arguments("metrics.loss < 1 and params.model ILIKE 'lr'", List.of("a1", "b2")),
                arguments("params.model = 'lr' AND tags.team = 'Vision' AND status = 'FINISHED'", List.of("a1")));
    }

    static Stream<Arguments> orders() {
        return Stream.of(
                arguments(List.of(), List.of("c3", "d4", "b2", "a1")),
                arguments(List.of("start_time"), List.of("a1", "b2", "c3", "d4")),
                arguments(List.of("run_id DESC"), List.of("d4", "c3", "b2", "a1")),
                arguments(List.of("metrics.loss"), List.of("b2", "a1", "c3", "d4")),
                arguments(List.of("metrics.loss DESC"), List.of("c3", "a1", "b2", "d4")),
                arguments(List.of("metrics.acc ASC"), List.of("a1", "b2", "c3", "d4")),
                arguments(List.of("metrics.acc DESC"), List.of("a1", "b2", "c3", "d4")),
                arguments(List.of("params.lr"), List.of("b2", "a1", "c3", "d4")),
                arguments(List.of("params.lr DESC"), List.of("a1", "b2", "c3", "d4")),
                arguments(List.of("end_time"), List.of("a1", "c3", "d4", "b2")),
                arguments(List.of("end_time DESC"), List.of("d4", "c3", "a1", "b2")),
                arguments(List.of("status", "run_name DESC"), List.of("c3", "d4", "a1", "b2")),
                arguments(List.of("tags.team DESC", "user_id"), List.of("b2", "d4", "a1", "c3")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void each_operator_selects_exactly_the_matching_runs(String filter, List<String> expected) throws SQLException {
        var where = RunSearchSql.where(filter);

        var ids = SearchDatabase.firstColumn(connection, "SELECT r.run_id FROM runs r WHERE " + where.sql()
                + " ORDER BY r.run_id", where.bindings());

        assertThat(ids).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orders")
    void order_by_sorts_runs_with_missing_values_last(List<String> orderBy, List<String> expected) throws SQLException {
        var order = RunSearchSql.orderBy(orderBy);

        var ids = SearchDatabase.firstColumn(connection, "SELECT r.run_id FROM runs r ORDER BY " + order.sql(), order.bindings());

        assertThat(ids).containsExactlyElementsOf(expected);
    }

    @Test
    void filter_and_order_by_bindings_follow_each_other_in_order() throws SQLException {
        var where = RunSearchSql.where("params.model ILIKE 'lr' AND metrics.loss > 0");
        var order = RunSearchSql.orderBy(List.of("metrics.loss"));
        var bindings = new ArrayList<>(where.bindings());
        bindings.addAll(order.bindings());

        var ids = SearchDatabase.firstColumn(connection,
                "SELECT r.run_id FROM runs r WHERE " + where.sql() + " ORDER BY " + order.sql(), bindings);

        assertThat(ids).containsExactly("b2", "a1");
    }

    @Test
    void a_filter_of_thousands_of_comparisons_runs_on_sqlite() throws SQLException {
        var filter = String.join(" AND ", Collections.nCopies(2000, "metrics.loss < 1"));
        var where = RunSearchSql.where(filter);

        var ids = SearchDatabase.firstColumn(connection, "SELECT r.run_id FROM runs r WHERE " + where.sql()
                + " ORDER BY r.run_id", where.bindings());

        assertThat(ids).containsExactly("a1", "b2");
    }

    @Test
    void like_patterns_at_the_cost_limits_run_on_sqlite_against_a_long_value() throws SQLException {
        for (var pattern : List.of("%a".repeat(LikePattern.MAX_WILDCARDS - 1) + "%b",
                "_".repeat(7999) + "%", "a".repeat(7999) + "_")) {
            var where = RunSearchSql.where("params.long LIKE '" + pattern + "' AND params.long ILIKE '" + pattern + "'");

            var ids = SearchDatabase.firstColumn(connection, "SELECT r.run_id FROM runs r WHERE " + where.sql(), where.bindings());

            assertThat(ids).as(pattern.substring(0, 10)).containsExactly("c3");
        }
    }

    private static void run(String id, String name, String status, long startMs, Long endMs, String user, String uri)
            throws SQLException {
        SearchDatabase.execute(connection, "INSERT INTO runs (run_id, experiment_id, name, status, start_time_ms,"
                + " end_time_ms, user_id, artifact_uri) VALUES (?, 0, ?, ?, ?, ?, ?, ?)", id, name, status, startMs, endMs, user, uri);
    }

    private static void keyValue(String table, String runId, String key, String value) throws SQLException {
        SearchDatabase.execute(connection, "INSERT INTO " + table + " (run_id, key, value) VALUES (?, ?, ?)", runId, key, value);
    }

    private static void metric(String runId, String key, Double lastValue) throws SQLException {
        SearchDatabase.execute(connection, "INSERT INTO metric_series (run_id, key, point_count, nan_count, first_step,"
                + " first_timestamp_ms, last_step, last_timestamp_ms, last_value)"
                + " VALUES (?, ?, 1, 0, 0, 0, 0, 0, ?)", runId, key, lastValue);
    }
}
