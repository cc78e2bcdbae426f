package dev.sextant.server.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StudentTTest {

    @Test
    void one_and_two_degrees_of_freedom_match_their_closed_forms() {
        for (double p : new double[] {0.001, 0.025, 0.1, 0.3, 0.5, 0.7, 0.9, 0.975, 0.999}) {
            assertThat(StudentT.quantile(p, 1)).isCloseTo(Math.tan(Math.PI * (p - 0.5)), within(1e-12 * (1 + Math.abs(Math.tan(Math.PI * (p - 0.5))))));
            double two = (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
            assertThat(StudentT.quantile(p, 2)).isCloseTo(two, within(1e-12 * (1 + Math.abs(two))));
        }
    }

    /** Reference values from scipy.stats.t.ppf 1.14.1. */
    @ParameterizedTest
    @CsvSource({
            "0.975, 3, 3.182446305284263", "0.975, 4, 2.7764451051977987", "0.975, 5, 2.570581835636314",
            "0.975, 7, 2.3646242515927844", "0.975, 10, 2.2281388519649385", "0.975, 23, 2.0686576104190406",
            "0.975, 30, 2.0422724563012373", "0.975, 99, 1.9842169515086827", "0.975, 1000, 1.9623390808264074",
            "0.975, 100000, 1.9599877075346093", "0.999, 1, 318.3088389855419", "0.999, 5, 5.8934295313560074",
            "0.999, 30, 3.385184866818216", "0.025, 10, -2.2281388519649385"})
    void quantiles_match_scipy(double p, double df, double expected) {
        assertThat(StudentT.quantile(p, df)).isCloseTo(expected, within(1e-10 * Math.abs(expected)));
    }

    @Test
    void the_cdf_inverts_the_quantile() {
        for (int df = 1; df <= 60; df++) {
            for (double p : new double[] {0.0005, 0.01, 0.2, 0.6, 0.95, 0.9999}) {
                assertThat(StudentT.cdf(StudentT.quantile(p, df), df)).isCloseTo(p, within(1e-12));
            }
        }
    }
}
