package dev.sextant.server.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kolmogorov–Smirnov tests of 10,000 samples of each distribution against its exact CDF, written here from the
 * definition (not from the code under test). For the discrete ones the continuous critical value is
 * conservative. Critical value at α = 0.001: 1.95 / √n.
 */
class DistributionTest {
    private static final int SAMPLES = 10_000;
    private static final double CRITICAL = 1.95 / Math.sqrt(SAMPLES);

    static Stream<Arguments> distributions() {
        return Stream.of(
                arguments(new Domain.Uniform(-2, 3), (DoubleUnaryOperator) x -> clamp((x + 2) / 5)),
                arguments(new Domain.LogUniform(1e-5, 1e-1), (DoubleUnaryOperator) x -> clamp(Math.log(x / 1e-5) / Math.log(1e4))),
                arguments(new Domain.IntUniform(2, 8), (DoubleUnaryOperator) x -> clamp((Math.floor(x) - 1) / 7)),
                // round(U/q)·q ≤ k·q  ⇔  U < (k + ½)·q
                arguments(new Domain.QUniform(0, 0.5, 0.05), (DoubleUnaryOperator) x ->
                        clamp((Math.round(x / 0.05) + 0.5) * 0.05 / 0.5)),
                arguments(new Domain.QLogUniform(1, 1000, 10), (DoubleUnaryOperator) x -> {
                    // round(X/10)·10 ≤ x  ⇔  X < x + 5; X log-uniform on [1, 1000], kept within [1, 1000].
                    if (x < 1) return 0;
                    if (x >= 1000) return 1;
                    double k = Math.round(x / 10) * 10.0;
                    return clamp(Math.log(Math.min(1000, k + 5)) / Math.log(1000));
                }),
                arguments(new Domain.Normal(3, 2), (DoubleUnaryOperator) x -> normalCdf((x - 3) / 2)));
    }

    @ParameterizedTest
    @MethodSource("distributions")
    void samples_follow_the_distribution_by_a_kolmogorov_smirnov_test(Domain domain, DoubleUnaryOperator cdf) {
        boolean discrete = domain instanceof Domain.IntUniform || domain instanceof Domain.QUniform
                || domain instanceof Domain.QLogUniform;
        var random = new SplittableRandom(42);
        var samples = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) samples[i] = domain.sample(random).doubleValue();
        assertThat(ksStatistic(samples, cdf, discrete)).as(domain.toString()).isLessThan(CRITICAL);
    }

    @Test
    void categorical_values_are_equally_likely_by_a_kolmogorov_smirnov_test_on_their_indices() {
        var values = List.of("adam", "sgd", "rmsprop", "adagrad");
        var domain = new Domain.Categorical(values.stream()
                .<com.fasterxml.jackson.databind.JsonNode>map(com.fasterxml.jackson.databind.node.TextNode::valueOf).toList());
        var random = new SplittableRandom(7);
        var samples = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) samples[i] = values.indexOf(domain.sample(random).textValue());
        assertThat(ksStatistic(samples, x -> x < 0 ? 0 : clamp((Math.floor(x) + 1) / 4), true)).isLessThan(CRITICAL);
    }

    @Test
    void a_seed_gives_the_same_configs_again_and_another_seed_other_ones() {
        var parameters = List.of(new SweepConfig.Parameter("lr", new Domain.LogUniform(1e-5, 1)),
                new SweepConfig.Parameter("n", new Domain.IntUniform(1, 1000)));
        assertThat(RandomSearch.sample(parameters, 11, 5)).isEqualTo(RandomSearch.sample(parameters, 11, 5));
        assertThat(RandomSearch.sample(parameters, 11, 5)).isNotEqualTo(RandomSearch.sample(parameters, 12, 5));
        assertThat(RandomSearch.sample(parameters, 11, 5)).isNotEqualTo(RandomSearch.sample(parameters, 11, 6));
    }

    /**
     * sup |F_n − F|. Continuous: checked on both sides of each step of the empirical CDF. Discrete: both CDFs are
     * constant between support points, so the supremum is at the values themselves.
     */
    private static double ksStatistic(double[] samples, DoubleUnaryOperator cdf, boolean discrete) {
        var sorted = samples.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double d = 0;
        for (int i = 0; i < n; i++) {
            double f = cdf.applyAsDouble(sorted[i]);
            if (!discrete) d = Math.max(d, Math.max((i + 1.0) / n - f, f - (double) i / n));
            else if (i + 1 == n || sorted[i + 1] != sorted[i]) d = Math.max(d, Math.abs((i + 1.0) / n - f));
        }
        return d;
    }

    private static double clamp(double p) {
        return Math.min(1, Math.max(0, p));
    }

    /** Φ by the Zelen–Severo series (|error| < 7.5e-8), independent of the code under test. */
    private static double normalCdf(double z) {
        double t = 1 / (1 + 0.2316419 * Math.abs(z));
        double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
        double tail = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI) * poly;
        return z >= 0 ? 1 - tail : tail;
    }
}
