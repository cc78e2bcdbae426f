package dev.sextant.server.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the generated experiment SQL on SQLite: the migration's Default experiment 0 (created now), plus
 * 1 'exp-a' (created 200, updated 300, team=vision) and 2 'Exp-B' (created 200, updated 400, team=Vision).
 */
class ExperimentSearchSqliteTest {
    @TempDir
    static Path folder;
    private static Connection connection;

    @BeforeAll
    static void createExperiments() throws SQLException {
        connection = SearchDatabase.create(folder.resolve("search.db"));
        SearchDatabase.execute(connection, "INSERT INTO experiments (experiment_id, name, creation_time_ms,"
                + " last_update_time_ms) VALUES (1, 'exp-a', 200, 300), (2, 'Exp-B', 200, 400)");
        SearchDatabase.execute(connection, "INSERT INTO experiment_tags (experiment_id, key, value)"
                + " VALUES (1, 'team', 'vision'), (2, 'team', 'Vision')");
    }

    @AfterAll
    static void close() throws SQLException {
        connection.close();
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                arguments("name = 'exp-a'", List.of("1")),
                arguments("name != 'exp-a'", List.of("0", "2")),
                arguments("name LIKE 'exp%'", List.of("1")),
                arguments("name ILIKE 'exp%'", List.of("1", "2")),
                arguments("creation_time = 200", List.of("1", "2")),
                arguments("last_update_time > 300", List.of("0", "2")),
                arguments("tags.team = 'vision'", List.of("1")),
                arguments("tags.team != 'vision'", List.of("2")),
                arguments("tags.team ILIKE 'VISION' AND last_update_time <= 300", List.of("1")));
    }

    static Stream<Arguments> orders() {
        return Stream.of(
                arguments(List.of(), List.of("0", "1", "2")),
                arguments(List.of("name"), List.of("0", "2", "1")),
                arguments(List.of("creation_time"), List.of("2", "1", "0")),
                arguments(List.of("last_update_time DESC"), List.of("0", "2", "1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void each_operator_selects_exactly_the_matching_experiments(String filter, List<String> expected)
            throws SQLException {
        var where = ExperimentSearchSql.where(filter);

        var ids = SearchDatabase.firstColumn(connection, "SELECT e.experiment_id FROM experiments e WHERE "
                + where.sql() + " ORDER BY e.experiment_id", where.bindings());

        assertThat(ids).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orders")
    void order_by_sorts_experiments_with_the_mlflow_tie_breaker(List<String> orderBy, List<String> expected)
            throws SQLException {
        var order = ExperimentSearchSql.orderBy(orderBy);

        var ids = SearchDatabase.firstColumn(connection, "SELECT e.experiment_id FROM experiments e ORDER BY "
                + order.sql(), order.bindings());

        assertThat(ids).containsExactlyElementsOf(expected);
    }
}
