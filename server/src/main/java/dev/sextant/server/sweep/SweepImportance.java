package dev.sextant.server.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Which parameters mattered: over the trials with a finite metric value, each searched parameter's Spearman rank
 * correlation with the metric (numeric parameters only) and its random-forest importance (all of them; a
 * categorical value enters as its index in the listed values).
 */
public final class SweepImportance {
    /** Fewest trials with a value before anything is estimated. */
    public static final int MIN_TRIALS = 4;

    public record ParameterImportance(String parameter, Double spearman, Double forest) {}

    public record Importance(String sweepId, String metricName, int trials, List<ParameterImportance> parameters) {}

    private final SweepService sweeps;

    public SweepImportance(SweepService sweeps) {
        this.sweeps = sweeps;
    }

    public Importance of(String sweepId) {
        var config = sweeps.config(sweeps.sweep(sweepId));
        var searched = config.parameters().stream().filter(p -> !(p.domain() instanceof Domain.Constant)).toList();
        var rows = new ArrayList<double[]>();
        var values = new ArrayList<Double>();
        for (var trial : sweeps.trials(sweepId)) {
            if (trial.metricValue() == null || !Double.isFinite(trial.metricValue())) continue;
            var row = encode(searched, trial.config());
            if (row == null) continue;
            rows.add(row);
            values.add(trial.metricValue());
        }
        String metric = config.metric() == null ? null : config.metric().name();
        if (metric == null || rows.size() < MIN_TRIALS || searched.isEmpty()) {
            return new Importance(sweepId, metric, rows.size(), searched.stream()
                    .map(p -> new ParameterImportance(p.name(), null, null)).toList());
        }
        var x = rows.toArray(new double[0][]);
        var y = values.stream().mapToDouble(Double::doubleValue).toArray();
        var forest = ForestImportance.of(x, y, config.seed());
        var result = new ArrayList<ParameterImportance>();
        for (int j = 0; j < searched.size(); j++) {
            var column = new double[x.length];
            for (int i = 0; i < x.length; i++) column[i] = x[i][j];
            double rho = searched.get(j).domain() instanceof Domain.Numeric ? Spearman.correlation(column, y) : Double.NaN;
            Double spearman = Double.isNaN(rho) ? null : rho;
            result.add(new ParameterImportance(searched.get(j).name(), spearman, forest[j]));
        }
        return new Importance(sweepId, metric, x.length, result);
    }

    /** The trial's value of each parameter as a number, or null when one is missing (the config was not this one). */
    private static double[] encode(List<SweepConfig.Parameter> parameters, JsonNode nested) {
        var row = new double[parameters.size()];
        for (int j = 0; j < parameters.size(); j++) {
            var node = nested;
            for (var part : parameters.get(j).name().split("\\.")) node = node == null ? null : node.get(part);
            if (node == null) node = nested.get(parameters.get(j).name());
            if (node == null) return null;
            var domain = parameters.get(j).domain();
            if (domain instanceof Domain.Categorical categorical) row[j] = categorical.values().indexOf(node);
            else if (node.isNumber()) row[j] = node.doubleValue();
            else return null;
        }
        return row;
    }
}
