package dev.sextant.server.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.sweep.SweepConfig.EarlyTerminate;
import dev.sextant.server.sweep.SweepConfig.Goal;
import dev.sextant.server.sweep.SweepConfig.Method;
import dev.sextant.server.sweep.SweepConfig.Metric;
import dev.sextant.server.sweep.SweepConfig.Parameter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a sweep config in the shape W&B users know:
 * {@code {"method":"grid|random|bayes", "metric":{"name":"val/loss","goal":"minimize"}, "parameters":{...},
 * "run_cap":50, "early_terminate":{"type":"hyperband","min_iter":3,"eta":3}, "seed":1}}. Every error names the field.
 */
public final class SweepConfigParser {
    public static final long MAX_GRID_POINTS = 1_000_000;

    // Keys W&B configs carry for its own CLI; accepted and ignored so a W&B file works as it is.
    private static final Set<String> TOP_LEVEL = Set.of("method", "metric", "parameters", "run_cap", "early_terminate",
            "seed", "heartbeat_timeout_seconds", "name", "description", "program", "command", "project", "entity");
    private static final Set<String> PARAMETER_KEYS = Set.of("value", "values", "distribution", "min", "max", "q", "mu",
            "sigma", "parameters", "description");

    private SweepConfigParser() {}

    /** {@code defaultSeed} is used when the config names no seed. */
    public static SweepConfig parse(JsonNode config, long defaultSeed) {
        if (config == null || !config.isObject()) throw invalid("config", "must be a JSON object");
        for (var names = config.fieldNames(); names.hasNext(); ) {
            var name = names.next();
            if (!TOP_LEVEL.contains(name)) throw invalid(name, "is not a sweep config field; known fields are " + TOP_LEVEL.stream().sorted().toList());
        }
        var method = method(config.get("method"));
        var metric = metric(config.get("metric"));
        var parameters = new ArrayList<Parameter>();
        var params = config.get("parameters");
        if (params == null || !params.isObject() || params.isEmpty()) {
            throw invalid("parameters", "must be a non-empty object of parameter name to spec");
        }
        parameters(params, "", parameters);
        var earlyTerminate = earlyTerminate(config.get("early_terminate"));
        if ((method == Method.BAYES || earlyTerminate != null) && metric == null) {
            throw invalid("metric", method == Method.BAYES ? "is required for method 'bayes'" : "is required with early_terminate");
        }
        Long runCap = optionalLong(config, "run_cap", 1);
        if (method == Method.GRID) checkGrid(parameters);
        Long seed = optionalLong(config, "seed", Long.MIN_VALUE);
        Long heartbeat = optionalLong(config, "heartbeat_timeout_seconds", 1);
        return new SweepConfig(method, metric, parameters, runCap, earlyTerminate, seed == null ? defaultSeed : seed, heartbeat);
    }

    private static Method method(JsonNode node) {
        if (node == null || !node.isTextual()) throw invalid("method", "must be one of grid, random, bayes");
        return switch (node.textValue()) {
            case "grid" -> Method.GRID;
            case "random" -> Method.RANDOM;
            case "bayes" -> Method.BAYES;
            default -> throw invalid("method", "must be one of grid, random, bayes, got '" + node.textValue() + "'");
        };
    }

    private static Metric metric(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (!node.isObject()) throw invalid("metric", "must be an object with 'name' and 'goal'");
        var name = node.get("name");
        if (name == null || !name.isTextual() || name.textValue().isBlank()) throw invalid("metric.name", "must be a non-empty string");
        var goal = node.get("goal");
        if (goal == null) return new Metric(name.textValue(), Goal.MINIMIZE);
        if (!goal.isTextual() || !Set.of("minimize", "maximize").contains(goal.textValue())) {
            throw invalid("metric.goal", "must be minimize or maximize, got " + goal);
        }
        return new Metric(name.textValue(), Goal.valueOf(goal.textValue().toUpperCase(Locale.ROOT)));
    }

    private static void parameters(JsonNode params, String prefix, List<Parameter> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            var entry = it.next();
            String name = prefix + entry.getKey();
            String field = "parameters." + name;
            if (entry.getKey().isBlank()) throw invalid(field, "has an empty name");
            var spec = entry.getValue();
            if (!spec.isObject()) throw invalid(field, "must be an object such as {\"values\": [...]} or {\"min\": 0, \"max\": 1}");
            for (var keys = spec.fieldNames(); keys.hasNext(); ) {
                var key = keys.next();
                if (!PARAMETER_KEYS.contains(key)) throw invalid(field + "." + key, "is not a parameter field; known fields are " + PARAMETER_KEYS.stream().sorted().toList());
            }
            if (spec.has("parameters")) {
                if (!spec.get("parameters").isObject() || spec.size() != 1) throw invalid(field + ".parameters", "must be the only field, an object of nested parameters");
                parameters(spec.get("parameters"), name + ".", out);
            } else {
                out.add(new Parameter(name, domain(spec, field)));
            }
        }
    }

    static Domain domain(JsonNode spec, String field) {
        if (spec.has("value")) {
            if (spec.size() != 1) throw invalid(field, "'value' fixes the parameter and takes no other field");
            return new Domain.Constant(spec.get("value"));
        }
        if (spec.has("values")) {
            var values = spec.get("values");
            if (!values.isArray() || values.isEmpty()) throw invalid(field + ".values", "must be a non-empty array");
            var list = new ArrayList<JsonNode>();
            values.forEach(list::add);
            if (spec.has("distribution") && !spec.get("distribution").asText().equals("categorical")) {
                throw invalid(field + ".distribution", "must be 'categorical' (or absent) with 'values'");
            }
            return new Domain.Categorical(list);
        }
        String distribution = spec.has("distribution") ? text(spec, "distribution", field) : inferred(spec, field);
        return switch (distribution) {
            case "uniform" -> {
                double[] range = range(spec, field, false);
                yield new Domain.Uniform(range[0], range[1]);
            }
            case "log_uniform", "log_uniform_values" -> {
                double[] range = range(spec, field, true);
                yield new Domain.LogUniform(range[0], range[1]);
            }
            case "int_uniform" -> {
                long min = integer(spec, "min", field);
                long max = integer(spec, "max", field);
                if (max < min) throw invalid(field + ".max", "must be at least min (" + min + "), got " + max);
                yield new Domain.IntUniform(min, max);
            }
            case "q_uniform" -> {
                double[] range = range(spec, field, false);
                yield new Domain.QUniform(range[0], range[1], q(spec, field));
            }
            case "q_log_uniform", "q_log_uniform_values" -> {
                double[] range = range(spec, field, true);
                yield new Domain.QLogUniform(range[0], range[1], q(spec, field));
            }
            case "normal" -> {
                double mu = spec.has("mu") ? number(spec, "mu", field) : 0;
                double sigma = spec.has("sigma") ? number(spec, "sigma", field) : 1;
                if (!(sigma > 0)) throw invalid(field + ".sigma", "must be greater than 0, got " + sigma);
                yield new Domain.Normal(mu, sigma);
            }
            default -> throw invalid(field + ".distribution", "must be one of uniform, log_uniform, int_uniform, "
                    + "q_uniform, q_log_uniform, normal, categorical, got '" + distribution + "'");
        };
    }

    /** W&B's rule: min and max without a distribution are int_uniform when both are integers, else uniform. */
    private static String inferred(JsonNode spec, String field) {
        if (!spec.has("min") || !spec.has("max")) {
            throw invalid(field, "needs 'value', 'values', a 'distribution', or 'min' and 'max'");
        }
        return spec.get("min").isIntegralNumber() && spec.get("max").isIntegralNumber() ? "int_uniform" : "uniform";
    }

    private static double[] range(JsonNode spec, String field, boolean positive) {
        double min = number(spec, "min", field);
        double max = number(spec, "max", field);
        if (positive && !(min > 0)) throw invalid(field + ".min", "must be greater than 0 for a log distribution, got " + min);
        if (!(max > min)) throw invalid(field + ".max", "must be greater than min (" + min + "), got " + max);
        return new double[] {min, max};
    }

    private static double q(JsonNode spec, String field) {
        double q = spec.has("q") ? number(spec, "q", field) : 1;
        if (!(q > 0)) throw invalid(field + ".q", "must be greater than 0, got " + q);
        return q;
    }

    private static double number(JsonNode spec, String key, String field) {
        var node = spec.get(key);
        if (node == null || !node.isNumber() || !Double.isFinite(node.doubleValue())) {
            throw invalid(field + "." + key, "must be a finite number, got " + node);
        }
        return node.doubleValue();
    }

    private static long integer(JsonNode spec, String key, String field) {
        var node = spec.get(key);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
            throw invalid(field + "." + key, "must be an integer, got " + node);
        }
        return node.longValue();
    }

    private static String text(JsonNode spec, String key, String field) {
        var node = spec.get(key);
        if (!node.isTextual()) throw invalid(field + "." + key, "must be a string, got " + node);
        return node.textValue();
    }

    private static Long optionalLong(JsonNode config, String key, long min) {
        var node = config.get(key);
        if (node == null || node.isNull()) return null;
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min) {
            throw invalid(key, "must be an integer" + (min > Long.MIN_VALUE ? " of at least " + min : "") + ", got " + node);
        }
        return node.longValue();
    }

    private static EarlyTerminate earlyTerminate(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (!node.isObject()) throw invalid("early_terminate", "must be an object such as {\"type\":\"hyperband\",\"min_iter\":3}");
        for (var keys = node.fieldNames(); keys.hasNext(); ) {
            var key = keys.next();
            if (!Set.of("type", "min_iter", "eta", "min_trials", "s", "max_iter", "strict").contains(key)) {
                throw invalid("early_terminate." + key, "is not an early_terminate field; known fields are eta, min_iter, min_trials, type");
            }
        }
        var type = node.get("type");
        if (type == null || !type.isTextual() || !Set.of("hyperband", "median").contains(type.textValue())) {
            throw invalid("early_terminate.type", "must be hyperband or median, got " + type);
        }
        long minIter = positive(node, "min_iter", 3);
        long eta = positive(node, "eta", 3);
        if (eta < 2 || eta > 100) throw invalid("early_terminate.eta", "must be between 2 and 100, got " + eta);
        long minTrials = positive(node, "min_trials", 3);
        if (minTrials > 1000) throw invalid("early_terminate.min_trials", "must be at most 1000, got " + minTrials);
        var kind = type.textValue().equals("hyperband") ? EarlyTerminate.Type.HYPERBAND : EarlyTerminate.Type.MEDIAN;
        return new EarlyTerminate(kind, minIter, (int) eta, (int) minTrials);
    }

    private static long positive(JsonNode node, String key, long defaultValue) {
        var value = node.get(key);
        if (value == null) return defaultValue;
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 1) {
            throw invalid("early_terminate." + key, "must be a positive integer, got " + value);
        }
        return value.longValue();
    }

    private static void checkGrid(List<Parameter> parameters) {
        double points = 1;
        for (var parameter : parameters) {
            long size = parameter.domain().gridSize();
            if (size < 0) {
                throw invalid("parameters." + parameter.name(), "grid search needs 'values', 'value', int_uniform or "
                        + "q_uniform; " + parameter.domain().getClass().getSimpleName() + " is continuous");
            }
            points *= size;
        }
        if (points > MAX_GRID_POINTS) {
            throw invalid("parameters", "the grid has " + (long) points + " points; at most " + MAX_GRID_POINTS + " are allowed");
        }
    }

    private static SextantException invalid(String field, String rule) {
        return SextantException.invalid("sweep config field '" + field + "' " + rule);
    }
}
