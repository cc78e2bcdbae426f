package dev.sextant.server.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EnvelopeSeriesTest {
    @Test
    void smoothing_is_debiased_so_the_first_point_keeps_its_value() {
        var smoothed = EnvelopeSeries.smooth(new double[] {10, 10, 10}, 0.9);
        assertThat(smoothed[0]).isCloseTo(10, within(1e-9));
        assertThat(smoothed[2]).isCloseTo(10, within(1e-9));
    }

    @Test
    void smoothing_keeps_gaps_as_gaps() {
        var smoothed = EnvelopeSeries.smooth(new double[] {1, Double.NaN, 3}, 0.5);
        assertThat(smoothed[1]).isNaN();
        assertThat(smoothed[2]).isBetween(1.0, 3.0);
    }

    @ParameterizedTest
    @CsvSource({"1,0,1", "2,-1,0.2", "5,-3,0.005", "1,3,1000", "2,-6,2e-6", "1,7,1e7"})
    void log_axis_ticks_read_as_plain_numbers(int mantissa, int exponent, String label) {
        assertThat(ReadableLogAxis.label(mantissa, exponent)).isEqualTo(label);
    }
}
