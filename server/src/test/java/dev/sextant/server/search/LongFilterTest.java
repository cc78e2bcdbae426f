package dev.sextant.server.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Huge inputs are handled in linear time without deep recursion; the timeouts catch quadratic work. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LongFilterTest {
    private static final int HUNDRED_KB = 100_000;

    @Test
    void a_100_kb_chain_of_comparisons_is_translated() {
        var filter = String.join(" AND ", Collections.nCopies(HUNDRED_KB / 20, "metrics.loss < 1"));

        var condition = RunSearchSql.where(filter);

        assertThat(condition.bindings()).hasSize(2 * (HUNDRED_KB / 20));
        assertThat(condition.sql()).startsWith("((((").endsWith("))))");
    }

    @Test
    void a_100_kb_in_list_binds_every_value() {
        var ids = IntStream.range(0, HUNDRED_KB / 10).mapToObj(i -> "'r" + i + "'").collect(Collectors.joining(","));

        var condition = RunSearchSql.where("run_id IN (" + ids + ")");

        assertThat(condition.bindings()).hasSize(HUNDRED_KB / 10).startsWith("r0", "r1");
    }

    @Test
    void a_100_kb_string_value_is_bound_whole_and_never_written_into_the_sql() {
        var value = "x".repeat(HUNDRED_KB);

        var condition = RunSearchSql.where("params.p = '" + value + "'");

        assertThat(condition.bindings()).containsExactly("p", value);
        assertThat(condition.sql()).doesNotContain("xx");
    }

    @Test
    void a_100_kb_run_of_parentheses_is_rejected_at_the_first_one() {
        var filter = "(".repeat(HUNDRED_KB) + "status = 'A'" + ")".repeat(HUNDRED_KB);

        assertThatThrownBy(() -> RunSearchSql.where(filter))
                .hasMessage("filter: parentheses around comparisons are not supported; found '(' at position 0");
    }

    @Test
    void an_error_message_shortens_a_huge_token() {
        var key = "k".repeat(HUNDRED_KB);

        assertThatThrownBy(() -> RunSearchSql.where("params." + key + " foo"))
                .hasMessage("filter: expected a comparison operator after 'params." + "k".repeat(33) + "...'"
                        + " at position " + (HUNDRED_KB + 8) + ", got 'foo'");
    }

    @Test
    void a_100_kb_order_by_list_is_translated() {
        var orderBy = IntStream.range(0, HUNDRED_KB / 20).mapToObj(i -> "metrics.m" + i + " DESC").toList();

        var condition = RunSearchSql.orderBy(orderBy);

        assertThat(condition.bindings()).hasSize(2 * orderBy.size());
        assertThat(condition.sql()).endsWith("r.start_time_ms DESC, r.run_id ASC");
    }

    @Test
    void an_unterminated_100_kb_string_is_reported_once_scanned() {
        List<String> unterminated = List.of("params.p = '" + "x".repeat(HUNDRED_KB));

        assertThatThrownBy(() -> RunSearchSql.where(unterminated.get(0)))
                .hasMessage("filter: unterminated '-quoted text starting at position 11");
    }
}
