package dev.sextant.server.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Bayesian search: a Gaussian process over the unit-cube encoding of the space, fitted on every trial's latest
 * metric (finished and running), and the point of greatest expected improvement. Trials still running without a
 * value count as the worst value seen ("constant liar"), so parallel agents spread out. The first few trials, and
 * any sweep with no finite value yet, are random.
 */
final class BayesSearch {
    /** Most trials the model is fitted on (the best half and the most recent half), bounding the O(n³) fit. */
    static final int MAX_MODEL_POINTS = 256;
    private static final int RANDOM_CANDIDATES = 2000;
    private static final int LOCAL_STARTS = 5;
    private static final int LOCAL_STEPS = 40;

    /** A trial's point and its value (lower is better), or null for one still running without a value. */
    record Observation(JsonNode config, Double loss) {}

    private BayesSearch() {}

    static int initialTrials(int dimensions) {
        return Math.max(5, Math.min(10, dimensions + 1));
    }

    static Map<String, JsonNode> propose(List<SweepConfig.Parameter> parameters, List<Observation> history, long seed,
                                         long trialIndex) {
        var space = new UnitSpace(parameters);
        var random = RandomSearch.randomFor(seed, trialIndex);
        var points = new ArrayList<double[]>();
        var losses = new ArrayList<Double>();
        var pending = new ArrayList<double[]>();
        for (var observation : history) {
            var point = space.encode(observation.config());
            if (point == null) continue;
            if (observation.loss() == null) pending.add(point);
            else {
                points.add(point);
                losses.add(observation.loss());
            }
        }
        long finite = losses.stream().filter(Double::isFinite).count();
        if (space.dimensions() == 0 || finite < initialTrials(space.dimensions()) || trialIndex < initialTrials(space.dimensions())) {
            return RandomSearch.sample(parameters, seed, trialIndex);
        }
        var model = fit(points, losses, pending, random);
        double[] best = maximiseExpectedImprovement(space, model, points, random);
        return space.decode(best);
    }

    private record Model(GaussianProcess gp, double bestY) {}

    /**
     * Warps the losses (log of the distance above the minimum, which tames heavy upper tails), standardises them,
     * gives NaN and pending points the worst value, and fits the process.
     */
    private static Model fit(List<double[]> points, List<Double> losses, List<double[]> pending, SplittableRandom random) {
        double min = losses.stream().filter(Double::isFinite).mapToDouble(Double::doubleValue).min().orElse(0);
        double max = losses.stream().filter(Double::isFinite).mapToDouble(Double::doubleValue).max().orElse(0);
        double spread = Math.max(1e-12, max - min);
        var x = new ArrayList<double[]>();
        var y = new ArrayList<Double>();
        for (int i = 0; i < points.size(); i++) {
            double loss = losses.get(i);
            double warped = Double.isFinite(loss) ? Math.log1p((loss - min) / spread * 100) : Double.NaN;
            x.add(points.get(i));
            y.add(warped);
        }
        double worst = y.stream().filter(Double::isFinite).mapToDouble(Double::doubleValue).max().orElse(0);
        for (int i = 0; i < y.size(); i++) if (!Double.isFinite(y.get(i))) y.set(i, worst);
        for (var point : pending) {
            x.add(point);
            y.add(worst);
        }
        keepMostUseful(x, y);
        double mean = y.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double sd = Math.sqrt(y.stream().mapToDouble(v -> (v - mean) * (v - mean)).average().orElse(0));
        if (sd < 1e-12) sd = 1;
        var xs = x.toArray(new double[0][]);
        var ys = new double[y.size()];
        double bestY = Double.POSITIVE_INFINITY;
        for (int i = 0; i < ys.length; i++) {
            ys[i] = (y.get(i) - mean) / sd;
            bestY = Math.min(bestY, ys[i]);
        }
        return new Model(GaussianProcess.fit(xs, ys, random), bestY);
    }

    /** Beyond MAX_MODEL_POINTS keeps the best half and the most recent of the rest. */
    private static void keepMostUseful(List<double[]> x, List<Double> y) {
        if (x.size() <= MAX_MODEL_POINTS) return;
        var order = new ArrayList<Integer>();
        for (int i = 0; i < x.size(); i++) order.add(i);
        order.sort(Comparator.comparingDouble(y::get));
        var keep = new java.util.TreeSet<Integer>(order.subList(0, MAX_MODEL_POINTS / 2));
        for (int i = x.size() - 1; keep.size() < MAX_MODEL_POINTS; i--) keep.add(i);
        var keptX = new ArrayList<double[]>();
        var keptY = new ArrayList<Double>();
        for (int i : keep) {
            keptX.add(x.get(i));
            keptY.add(y.get(i));
        }
        x.clear();
        x.addAll(keptX);
        y.clear();
        y.addAll(keptY);
    }

    /** Random candidates and the neighbourhoods of the best observed points, then a shrinking local search. */
    private static double[] maximiseExpectedImprovement(UnitSpace space, Model model, List<double[]> observed,
                                                        SplittableRandom random) {
        record Candidate(double[] point, double value) {}
        var candidates = new ArrayList<Candidate>();
        for (int i = 0; i < RANDOM_CANDIDATES; i++) {
            var point = space.randomPoint(random);
            candidates.add(new Candidate(point, expectedImprovement(model, point)));
        }
        for (var point : observed) {
            for (int i = 0; i < 5; i++) {
                var near = space.neighbour(point, 0.05, random);
                candidates.add(new Candidate(near, expectedImprovement(model, near)));
            }
        }
        candidates.sort(Comparator.comparingDouble(Candidate::value).reversed());
        double[] best = candidates.get(0).point();
        double bestValue = candidates.get(0).value();
        for (int start = 0; start < Math.min(LOCAL_STARTS, candidates.size()); start++) {
            var current = candidates.get(start).point();
            double currentValue = candidates.get(start).value();
            double scale = 0.1;
            for (int step = 0; step < LOCAL_STEPS; step++) {
                var next = space.neighbour(current, scale, random);
                double value = expectedImprovement(model, next);
                if (value > currentValue) {
                    current = next;
                    currentValue = value;
                } else {
                    scale = Math.max(0.002, scale * 0.8);
                }
            }
            if (currentValue > bestValue) {
                best = current;
                bestValue = currentValue;
            }
        }
        return Arrays.copyOf(best, best.length);
    }

    /** EI for minimisation below the best standardised value, with a small margin against over-exploitation. */
    private static double expectedImprovement(Model model, double[] point) {
        var prediction = model.gp().predict(point);
        double sigma = prediction[1];
        double gain = model.bestY() - prediction[0] - 0.01;
        if (sigma < 1e-12) return Math.max(0, gain);
        double z = gain / sigma;
        return gain * StandardNormal.cdf(z) + sigma * StandardNormal.pdf(z);
    }
}
