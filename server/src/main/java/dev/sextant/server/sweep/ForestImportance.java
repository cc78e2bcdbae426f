package dev.sextant.server.sweep;

import java.util.Arrays;
import java.util.stream.LongStream;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.regression.RandomForest;

/**
 * Random-forest importance of each input for predicting the metric: Smile's regression forest, impurity decrease
 * summed over its trees, scaled to add up to 1. The only place that imports Smile (ADR 0009).
 */
final class ForestImportance {
    private static final String TARGET = "__metric";

    private ForestImportance() {}

    /** One importance per column of {@code x}; seeded, so the same trials give the same answer. */
    static double[] of(double[][] x, double[] y, long seed) {
        int columns = x[0].length;
        var names = new String[columns + 1];
        var rows = new double[x.length][columns + 1];
        for (int j = 0; j < columns; j++) names[j] = "p" + j;
        names[columns] = TARGET;
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, rows[i], 0, columns);
            rows[i][columns] = y[i];
        }
        var data = DataFrame.of(rows, names);
        int mtry = Math.max(1, columns / 3);
        var forest = RandomForest.fit(Formula.lhs(TARGET), data, 100, mtry, 20, Math.max(2, x.length), 2, 1.0,
                LongStream.range(0, 100).map(tree -> seed * 31 + tree));
        var importance = forest.importance();
        double total = Arrays.stream(importance).map(Math::abs).sum();
        var scaled = new double[columns];
        for (int j = 0; j < columns; j++) scaled[j] = total > 0 ? Math.abs(importance[j]) / total : 0;
        return scaled;
    }
}
