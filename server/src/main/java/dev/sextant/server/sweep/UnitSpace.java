package dev.sextant.server.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The search space as a unit cube for Bayesian search: a numeric parameter is one coordinate (its CDF, so log
 * domains are searched in log space and integers by bucket), a categorical one of k values is k one-hot coordinates,
 * a fixed value none.
 */
final class UnitSpace {
    private record Slot(SweepConfig.Parameter parameter, int offset, int width) {}

    private final List<Slot> slots = new ArrayList<>();
    private final int dimensions;

    UnitSpace(List<SweepConfig.Parameter> parameters) {
        int offset = 0;
        for (var parameter : parameters) {
            var domain = parameter.domain();
            int width = domain instanceof Domain.Numeric ? 1
                    : domain instanceof Domain.Categorical categorical && categorical.values().size() > 1
                    ? categorical.values().size() : 0;
            slots.add(new Slot(parameter, offset, width));
            offset += width;
        }
        dimensions = offset;
    }

    int dimensions() {
        return dimensions;
    }

    /** A uniformly random point: numeric coordinates uniform, one category chosen per categorical block. */
    double[] randomPoint(SplittableRandom random) {
        var x = new double[dimensions];
        for (var slot : slots) {
            if (slot.width() == 1) x[slot.offset()] = random.nextDouble();
            else if (slot.width() > 1) x[slot.offset() + random.nextInt(slot.width())] = 1;
        }
        return x;
    }

    /** A nearby point: numeric coordinates moved by N(0, scale²) and kept in [0, 1], a category changed now and then. */
    double[] neighbour(double[] from, double scale, SplittableRandom random) {
        var x = from.clone();
        for (var slot : slots) {
            if (slot.width() == 1) {
                x[slot.offset()] = Math.min(1, Math.max(0, x[slot.offset()] + scale * gaussian(random)));
            } else if (slot.width() > 1 && random.nextDouble() < Math.min(0.5, scale)) {
                java.util.Arrays.fill(x, slot.offset(), slot.offset() + slot.width(), 0);
                x[slot.offset() + random.nextInt(slot.width())] = 1;
            }
        }
        return x;
    }

    /** The config at a point of the cube. */
    Map<String, JsonNode> decode(double[] x) {
        var config = new LinkedHashMap<String, JsonNode>();
        for (var slot : slots) {
            var domain = slot.parameter().domain();
            JsonNode value;
            if (domain instanceof Domain.Numeric numeric) value = numeric.quantile(x[slot.offset()]);
            else if (domain instanceof Domain.Categorical categorical) value = categorical.values().get(slot.width() == 0 ? 0 : argmax(x, slot));
            else value = ((Domain.Constant) domain).value();
            config.put(slot.parameter().name(), value);
        }
        return config;
    }

    /** The point of a config (as handed out); null when a value does not fit the space (the config changed). */
    double[] encode(JsonNode config) {
        var x = new double[dimensions];
        for (var slot : slots) {
            if (slot.width() == 0) continue;
            var value = config.get(slot.parameter().name());
            if (value == null) return null;
            var domain = slot.parameter().domain();
            if (domain instanceof Domain.Categorical categorical) {
                int index = categorical.values().indexOf(value);
                if (index < 0) return null;
                x[slot.offset() + index] = 1;
            } else if (!value.isNumber()) {
                return null;
            } else if (domain instanceof Domain.IntUniform ints) {
                x[slot.offset()] = (value.doubleValue() - ints.min() + 0.5) / (ints.max() - ints.min() + 1);
            } else {
                x[slot.offset()] = ((Domain.Numeric) domain).cdf(value.doubleValue());
            }
        }
        return x;
    }

    private static int argmax(double[] x, Slot slot) {
        int best = 0;
        for (int i = 1; i < slot.width(); i++) if (x[slot.offset() + i] > x[slot.offset() + best]) best = i;
        return best;
    }

    private static double gaussian(SplittableRandom random) {
        return StandardNormal.quantile(Math.min(1 - 1e-12, Math.max(1e-12, random.nextDouble())));
    }
}
