package dev.sextant.server.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Where one parameter's values come from. Numeric domains are defined by a quantile function on [0, 1]: random
 * search feeds it a uniform number (inverse-transform sampling), Bayesian search optimises in that unit space.
 */
public sealed interface Domain {

    /** One random value. */
    JsonNode sample(SplittableRandom random);

    /** Every value, in order, for grid search; null when the domain is continuous. */
    List<JsonNode> gridValues();

    /** How many values {@link #gridValues} has (without listing them); -1 when the domain is continuous. */
    default long gridSize() {
        var values = gridValues();
        return values == null ? -1 : values.size();
    }

    /** A single fixed value ({@code "value": x}). */
    record Constant(JsonNode value) implements Domain {
        public JsonNode sample(SplittableRandom random) {
            return value;
        }

        public List<JsonNode> gridValues() {
            return List.of(value);
        }
    }

    /** One of listed values, each equally likely ({@code "values": [...]}). */
    record Categorical(List<JsonNode> values) implements Domain {
        public Categorical {
            values = List.copyOf(values);
        }

        public JsonNode sample(SplittableRandom random) {
            return values.get(random.nextInt(values.size()));
        }

        public List<JsonNode> gridValues() {
            return values;
        }
    }

    /** A number with a continuous or integer distribution, given by its quantile function. */
    sealed interface Numeric extends Domain {
        /** The value at probability {@code u} in [0, 1] (the inverse CDF). */
        JsonNode quantile(double u);

        /** P(X ≤ x): the CDF, so that quantile(cdf(x)) ≈ x; for Bayesian search's unit encoding. */
        double cdf(double x);

        default JsonNode sample(SplittableRandom random) {
            return quantile(random.nextDouble());
        }

        default List<JsonNode> gridValues() {
            return null;
        }
    }

    record Uniform(double min, double max) implements Numeric {
        public JsonNode quantile(double u) {
            return DoubleNode.valueOf(min + clamp(u) * (max - min));
        }

        public double cdf(double x) {
            return clamp((x - min) / (max - min));
        }
    }

    /** log(X) is uniform between log(min) and log(max); min and max are values, not logs. */
    record LogUniform(double min, double max) implements Numeric {
        public JsonNode quantile(double u) {
            return DoubleNode.valueOf(Math.min(max, Math.max(min, Math.exp(Math.log(min) + clamp(u) * Math.log(max / min)))));
        }

        public double cdf(double x) {
            return clamp(Math.log(x / min) / Math.log(max / min));
        }
    }

    /** Every integer in [min, max] equally likely. */
    record IntUniform(long min, long max) implements Numeric {
        public JsonNode quantile(double u) {
            long count = max - min + 1;
            return LongNode.valueOf(min + Math.min(count - 1, (long) Math.floor(clamp(u) * count)));
        }

        public double cdf(double x) {
            return clamp((Math.floor(x) - min + 1) / (max - min + 1));
        }

        public long gridSize() {
            return max - min + 1;
        }

        public List<JsonNode> gridValues() {
            return java.util.stream.LongStream.rangeClosed(min, max).<JsonNode>mapToObj(LongNode::valueOf).toList();
        }
    }

    /** round(U(min, max) / q) · q, kept within [min, max]. */
    record QUniform(double min, double max, double q) implements Numeric {
        public JsonNode quantile(double u) {
            return DoubleNode.valueOf(Domain.quantize(min + clamp(u) * (max - min), q, min, max));
        }

        public double cdf(double x) {
            return new Uniform(min, max).cdf(Math.min(max, Math.floor(x / q) * q + q / 2));
        }

        public long gridSize() {
            return (long) Math.floor(max / q + 1e-9) - (long) Math.ceil(min / q - 1e-9) + 1;
        }

        public List<JsonNode> gridValues() {
            long first = (long) Math.ceil(min / q - 1e-9);
            long last = (long) Math.floor(max / q + 1e-9);
            return java.util.stream.LongStream.rangeClosed(first, last)
                    .<JsonNode>mapToObj(k -> DoubleNode.valueOf(Domain.times(k, q))).toList();
        }
    }

    /** round(LogUniform(min, max) / q) · q, kept within [min, max]. */
    record QLogUniform(double min, double max, double q) implements Numeric {
        public JsonNode quantile(double u) {
            return DoubleNode.valueOf(Domain.quantize(new LogUniform(min, max).quantile(u).doubleValue(), q, min, max));
        }

        public double cdf(double x) {
            return new LogUniform(min, max).cdf(Math.min(max, Math.floor(x / q) * q + q / 2));
        }
    }

    /** Normal with mean mu and standard deviation sigma. */
    record Normal(double mu, double sigma) implements Numeric {
        public JsonNode quantile(double u) {
            return DoubleNode.valueOf(mu + sigma * StandardNormal.quantile(Math.min(1 - 1e-12, Math.max(1e-12, u))));
        }

        public double cdf(double x) {
            return StandardNormal.cdf((x - mu) / sigma);
        }
    }

    private static double clamp(double u) {
        return Math.min(1, Math.max(0, u));
    }

    /** The multiple of q nearest x, inside [min, max], without binary noise (0.15, not 0.15000000000000002). */
    private static double quantize(double x, double q, double min, double max) {
        long k = Math.round(x / q);
        double value = times(k, q);
        if (value > max + 1e-12) value = times(k - 1, q);
        if (value < min - 1e-12) value = times(k + 1, q);
        return value;
    }

    private static double times(long k, double q) {
        return BigDecimal.valueOf(q).multiply(BigDecimal.valueOf(k)).doubleValue();
    }
}
