package dev.sextant.server.sweep;

import dev.sextant.server.domain.MetricCurve;
import dev.sextant.server.sweep.SweepConfig.EarlyTerminate;
import dev.sextant.server.sweep.SweepConfig.Metric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides from the logged learning curves whether a trial should stop. Iterations are counted as the points of the
 * sweep metric a run has logged (the n-th value is iteration n, whatever its step number).
 * <ul>
 * <li>Hyperband (asynchronous, as ASHA): rungs at min_iter·eta^k iterations. At the highest rung a trial has reached,
 * it goes on only while its best value so far is in the top 1/eta of the trials that reached that rung (judged once
 * at least eta have).</li>
 * <li>Median: once a trial has logged min_iter values and at least min_trials other trials got as far, it stops when
 * its best value so far is worse than the median of the others' running averages over as many iterations.</li>
 * </ul>
 */
final class EarlyStopping {
    private EarlyStopping() {}

    static Optional<String> decide(EarlyTerminate rule, Metric metric, String runId, List<MetricCurve> curves) {
        var own = curves.stream().filter(curve -> curve.runId().equals(runId)).findFirst();
        if (own.isEmpty() || own.get().size() < rule.minIter()) return Optional.empty();
        var others = curves.stream().filter(curve -> !curve.runId().equals(runId)).toList();
        return rule.type() == EarlyTerminate.Type.HYPERBAND
                ? hyperband(rule, metric, own.get(), others) : median(rule, metric, own.get(), others);
    }

    private static Optional<String> hyperband(EarlyTerminate rule, Metric metric, MetricCurve own, List<MetricCurve> others) {
        long rung = rule.minIter();
        while (rung * rule.eta() <= own.size()) rung *= rule.eta();
        int iterations = (int) rung;
        var values = new ArrayList<Double>();
        for (var curve : others) if (curve.size() >= iterations) values.add(best(metric, curve, iterations));
        double mine = best(metric, own, iterations);
        int reached = values.size() + 1;
        if (reached < rule.eta()) return Optional.empty();
        int keep = Math.max(1, reached / rule.eta());
        values.sort((a, b) -> Double.compare(metric.loss(a), metric.loss(b)));
        double cutOff = values.get(Math.min(values.size() - 1, keep - 1));
        int better = (int) values.stream().filter(value -> metric.better(value, mine)).count();
        if (better < keep) return Optional.empty();
        return Optional.of(String.format(Locale.ROOT, "hyperband: best %s %.6g over %d iterations is not in the top 1/%d "
                + "of the %d trials at that rung (cut-off %.6g)", metric.name(), mine, iterations, rule.eta(), reached, cutOff));
    }

    private static Optional<String> median(EarlyTerminate rule, Metric metric, MetricCurve own, List<MetricCurve> others) {
        int iterations = own.size();
        var averages = others.stream().filter(curve -> curve.size() >= iterations)
                .mapToDouble(curve -> average(curve, iterations)).sorted().toArray();
        if (averages.length < rule.minTrials()) return Optional.empty();
        double median = median(averages);
        double mine = best(metric, own, iterations);
        if (!metric.better(median, mine)) return Optional.empty();
        return Optional.of(String.format(Locale.ROOT, "median: best %s %.6g over %d iterations is worse than the median "
                + "%.6g of %d other trials' running averages", metric.name(), mine, iterations, median, averages.length));
    }

    private static double best(Metric metric, MetricCurve curve, int iterations) {
        double best = Double.NaN;
        for (int i = 0; i < iterations; i++) if (metric.better(curve.values()[i], best)) best = curve.values()[i];
        return best;
    }

    private static double average(MetricCurve curve, int iterations) {
        return Arrays.stream(curve.values(), 0, iterations).average().orElse(Double.NaN);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
