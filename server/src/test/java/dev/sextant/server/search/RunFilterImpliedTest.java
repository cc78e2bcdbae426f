package dev.sextant.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The filter left to test on runs read from index ranges: only the terms those ranges are drop out. */
class RunFilterImpliedTest {
    private static final String METRIC = "EXISTS (SELECT 1 FROM metric_series m WHERE m.run_id = r.run_id AND m.key = ? AND ";
    private static final String PARAM = "EXISTS (SELECT 1 FROM params p WHERE p.run_id = r.run_id AND p.key = ? AND ";

    @Test
    void implied_terms_drop_out_and_the_others_stay_in_order() {
        var filter = "params.lr = '0.003' and metrics.m2 > 0.9 and params.opt = 'adam' and metrics.m2 != 0.5";
        var left = RunSearchSql.whereImplying(filter, List.of(new ParamEquals("lr", "0.003"), new MetricRange("m2", ">", 0.9)));

        assertThat(left.sql()).isEqualTo(PARAM + "p.value = ?) AND " + METRIC + "(m.last_value <> ? OR m.last_value IS NULL))");
        assertThat(left.bindings()).containsExactly("opt", "adam", "m2", 0.5);
    }

    @Test
    void a_term_with_another_value_or_operator_is_still_tested() {
        var filter = "metrics.m2 >= 0.9 and params.lr = '0.03'";
        var left = RunSearchSql.whereImplying(filter, List.of(new MetricRange("m2", ">", 0.9), new ParamEquals("lr", "0.003")));

        assertThat(left).isEqualTo(RunSearchSql.where(filter));
    }

    @Test
    void nothing_left_is_a_condition_every_run_meets() {
        assertThat(RunSearchSql.whereImplying("metrics.m2 > 0.9", List.of(new MetricRange("m2", ">", 0.9))).sql()).isEqualTo("1=1");
        assertThat(RunSearchSql.whereImplying("", List.of()).sql()).isEqualTo("1=1");
    }

    @Test
    void without_implied_terms_it_is_the_whole_filter() {
        var filter = "params.lr = '0.003' and metrics.m2 > 0.9 and tags.team = 'a'";
        assertThat(RunSearchSql.whereImplying(filter, List.of())).isEqualTo(RunSearchSql.where(filter));
    }
}
