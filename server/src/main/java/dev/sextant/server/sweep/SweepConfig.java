package dev.sextant.server.sweep;

import java.util.List;

/**
 * A validated sweep config (see {@link SweepConfigParser} for the JSON shape). {@code metric} is null only for grid
 * and random search without one; {@code runCap} and {@code earlyTerminate} are null when not set.
 */
public record SweepConfig(Method method, Metric metric, List<Parameter> parameters, Long runCap,
                          EarlyTerminate earlyTerminate, long seed, Long heartbeatTimeoutSeconds) {

    public SweepConfig {
        parameters = List.copyOf(parameters);
    }

    public enum Method { GRID, RANDOM, BAYES }

    public enum Goal { MINIMIZE, MAXIMIZE }

    /** The metric a sweep optimises: its key and whether lower or higher is better. */
    public record Metric(String name, Goal goal) {
        /** True when {@code a} is strictly better than {@code b}; NaN is never better. */
        public boolean better(double a, double b) {
            if (Double.isNaN(a)) return false;
            if (Double.isNaN(b)) return true;
            return goal == Goal.MINIMIZE ? a < b : a > b;
        }

        /** The value turned so that lower is better. */
        public double loss(double value) {
            return goal == Goal.MINIMIZE ? value : -value;
        }
    }

    /** One searched (or fixed) parameter; a dotted name becomes nested config. */
    public record Parameter(String name, Domain domain) {}

    /** Early termination: Hyperband/ASHA brackets or the median rule, counted in steps of the sweep metric. */
    public record EarlyTerminate(Type type, long minIter, int eta, int minTrials) {
        public enum Type { HYPERBAND, MEDIAN }
    }
}
