package dev.sextant.server.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.domain.MetricCurve;
import dev.sextant.server.sweep.SweepConfig.EarlyTerminate;
import dev.sextant.server.sweep.SweepConfig.Goal;
import dev.sextant.server.sweep.SweepConfig.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Synthetic learning curves: loss(t) = floor + (start − floor)·e^(−t/τ) + noise; "bad" trials plateau high. */
class EarlyStoppingTest {
    private static final Metric LOSS = new Metric("val/loss", Goal.MINIMIZE);
    private static final Metric ACCURACY = new Metric("acc", Goal.MAXIMIZE);
    private static final EarlyTerminate HYPERBAND = new EarlyTerminate(EarlyTerminate.Type.HYPERBAND, 3, 3, 3);
    private static final EarlyTerminate MEDIAN = new EarlyTerminate(EarlyTerminate.Type.MEDIAN, 5, 3, 3);

    private static MetricCurve curve(String runId, double floor, int iterations, long seed) {
        var random = new SplittableRandom(seed);
        var steps = new long[iterations];
        var values = new double[iterations];
        for (int t = 0; t < iterations; t++) {
            steps[t] = t;
            values[t] = floor + (2.0 - floor) * Math.exp(-t / 4.0) + 0.01 * (random.nextDouble() - 0.5);
        }
        return new MetricCurve(runId, steps, values);
    }

    private static List<MetricCurve> goodTrials(int count, int iterations) {
        var curves = new ArrayList<MetricCurve>();
        for (int i = 0; i < count; i++) curves.add(curve("good" + i, 0.1 + 0.02 * i, iterations, i));
        return curves;
    }

    @Test
    void hyperband_stops_a_clearly_worse_trial_at_its_rung() {
        var curves = goodTrials(5, 9);
        curves.add(curve("bad", 1.5, 9, 99));
        var decision = EarlyStopping.decide(HYPERBAND, LOSS, "bad", curves);
        assertThat(decision).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("hyperband: best val/loss").contains("over 9 iterations").contains("top 1/3 of the 6 trials"));
    }

    @Test
    void hyperband_lets_the_best_trial_go_on() {
        var curves = goodTrials(5, 9);
        curves.add(curve("bad", 1.5, 9, 99));
        assertThat(EarlyStopping.decide(HYPERBAND, LOSS, "good0", curves)).isEmpty();
    }

    @Test
    void hyperband_judges_nobody_before_eta_trials_reached_the_rung() {
        var curves = List.of(curve("good", 0.1, 9, 1), curve("bad", 1.5, 9, 2));
        assertThat(EarlyStopping.decide(HYPERBAND, LOSS, "bad", curves)).isEmpty();
    }

    @Test
    void hyperband_waits_for_min_iter() {
        var curves = goodTrials(5, 9);
        curves.add(curve("bad", 1.5, 2, 99));
        assertThat(EarlyStopping.decide(HYPERBAND, LOSS, "bad", curves)).isEmpty();
    }

    @Test
    void median_rule_stops_a_trial_worse_than_the_median_of_running_averages() {
        var curves = goodTrials(4, 20);
        curves.add(curve("bad", 1.5, 10, 99));
        assertThat(EarlyStopping.decide(MEDIAN, LOSS, "bad", curves))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("median: best val/loss").contains("of 4 other trials"));
        assertThat(EarlyStopping.decide(MEDIAN, LOSS, "good0", curves)).isEmpty();
    }

    @Test
    void median_rule_needs_min_trials_others_that_got_as_far() {
        var curves = goodTrials(2, 20);
        curves.add(curve("bad", 1.5, 10, 99));
        assertThat(EarlyStopping.decide(MEDIAN, LOSS, "bad", curves)).isEmpty();
    }

    @Test
    void with_a_maximised_metric_the_low_curve_is_the_one_stopped() {
        var curves = new ArrayList<MetricCurve>();
        for (int i = 0; i < 5; i++) curves.add(negated(curve("good" + i, 0.1 + 0.02 * i, 9, i)));
        curves.add(negated(curve("bad", 1.5, 9, 99)));
        assertThat(EarlyStopping.decide(HYPERBAND, ACCURACY, "bad", curves)).isPresent();
        assertThat(EarlyStopping.decide(HYPERBAND, ACCURACY, "good0", curves)).isEmpty();
    }

    private static MetricCurve negated(MetricCurve curve) {
        var values = curve.values().clone();
        for (int i = 0; i < values.length; i++) values[i] = 1 - values[i];
        return new MetricCurve(curve.runId(), curve.steps(), values);
    }
}
