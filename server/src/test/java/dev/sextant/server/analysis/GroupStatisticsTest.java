package dev.sextant.server.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GroupStatisticsTest {

    @Test
    void five_values_give_the_textbook_numbers() {
        var stats = GroupStatistics.of(new double[] {2, 4, 4, 5, 10});
        assertThat(stats.n()).isEqualTo(5);
        assertThat(stats.mean()).isEqualTo(5.0);
        assertThat(stats.median()).isEqualTo(4.0);
        assertThat(stats.min()).isEqualTo(2.0);
        assertThat(stats.max()).isEqualTo(10.0);
        // Σ(x - 5)² = 9 + 1 + 1 + 0 + 25 = 36; / (n - 1) = 9
        assertThat(stats.std()).isEqualTo(3.0);
        assertThat(stats.stderr()).isCloseTo(3 / Math.sqrt(5), within(1e-15));
        double half = 2.7764451051977987 * 3 / Math.sqrt(5);
        assertThat(stats.ci95Low()).isCloseTo(5 - half, within(1e-12));
        assertThat(stats.ci95High()).isCloseTo(5 + half, within(1e-12));
    }

    @Test
    void an_even_count_takes_the_middle_pair_for_the_median() {
        assertThat(GroupStatistics.of(new double[] {7, 1, 3, 100}).median()).isEqualTo(5.0);
    }

    @Test
    void one_run_has_no_spread_and_no_interval() {
        var stats = GroupStatistics.of(new double[] {0.25});
        assertThat(stats.n()).isEqualTo(1);
        assertThat(stats.mean()).isEqualTo(0.25);
        assertThat(stats.median()).isEqualTo(0.25);
        assertThat(stats.std()).isNull();
        assertThat(stats.stderr()).isNull();
        assertThat(stats.ci95Low()).isNull();
        assertThat(stats.ci95High()).isNull();
    }

    @Test
    void nan_and_infinite_values_are_counted_apart_and_left_out() {
        var stats = GroupStatistics.of(new double[] {1, Double.NaN, 3, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
        assertThat(stats.n()).isEqualTo(2);
        assertThat(stats.nanRuns()).isEqualTo(3);
        assertThat(stats.mean()).isEqualTo(2.0);
        assertThat(stats.max()).isEqualTo(3.0);
    }

    @Test
    void only_nan_values_give_no_statistics() {
        var stats = GroupStatistics.of(new double[] {Double.NaN});
        assertThat(stats.n()).isZero();
        assertThat(stats.nanRuns()).isEqualTo(1);
        assertThat(stats.mean()).isNull();
        assertThat(stats.min()).isNull();
    }

    @Test
    void a_large_offset_does_not_cost_the_spread_its_digits() {
        var stats = GroupStatistics.of(new double[] {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16});
        assertThat(stats.std()).isCloseTo(Math.sqrt(30), within(1e-9));
    }

    @Test
    void identical_values_have_zero_spread_and_a_zero_width_interval() {
        var stats = GroupStatistics.of(new double[] {0.1, 0.1, 0.1});
        assertThat(stats.std()).isCloseTo(0, within(1e-16));
        assertThat(stats.ci95Low()).isCloseTo(0.1, within(1e-15));
        assertThat(stats.ci95High()).isCloseTo(0.1, within(1e-15));
    }
}
