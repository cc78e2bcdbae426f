package dev.sextant.server.chart;

/**
 * One run's line in one panel: parallel arrays, one entry per envelope bucket, x ascending. NaN in
 * {@code y} leaves a gap in the line (at the bucket means); NaN in {@code low}/{@code high} leaves that
 * bucket out of the min/max band. {@code runIndex} picks the palette colour and the legend entry.
 */
public record ChartSeries(int runIndex, double[] x, double[] y, double[] low, double[] high) {
    public ChartSeries {
        if (y.length != x.length || low.length != x.length || high.length != x.length) {
            throw new IllegalArgumentException("x, y, low and high must have the same length");
        }
    }

    public int size() {
        return x.length;
    }
}
