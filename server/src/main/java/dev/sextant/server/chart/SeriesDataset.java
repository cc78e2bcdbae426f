package dev.sextant.server.chart;

import java.util.List;
import org.jfree.data.xy.AbstractIntervalXYDataset;

/**
 * A read-only JFreeChart dataset straight over the series arrays: no per-point objects, so building a
 * chart costs nothing next to drawing it. The line view is (x, y), the band view (x, low) with
 * the interval low..high, the edge view the lows and highs as lines of their own.
 */
final class SeriesDataset extends AbstractIntervalXYDataset {
    private enum View { LINES, BANDS, BAND_EDGES }

    private final List<ChartSeries> series;
    private final View view;

    private SeriesDataset(List<ChartSeries> series, View view) {
        this.series = List.copyOf(series);
        this.view = view;
    }

    static SeriesDataset lines(List<ChartSeries> series) {
        return new SeriesDataset(series, View.LINES);
    }

    static SeriesDataset bands(List<ChartSeries> series) {
        return new SeriesDataset(series, View.BANDS);
    }

    /** Two line series per run: 2i is run i's band minimum, 2i+1 its maximum. */
    static SeriesDataset bandEdges(List<ChartSeries> series) {
        return new SeriesDataset(series, View.BAND_EDGES);
    }

    private ChartSeries run(int index) {
        return series.get(view == View.BAND_EDGES ? index / 2 : index);
    }

    private double[] xs(int index) {
        return run(index).x();
    }

    private double[] ys(int index) {
        return switch (view) {
            case LINES -> run(index).y();
            // y = low for the band keeps a log axis' auto-range off zero; the band renderer never draws y.
            case BANDS -> run(index).low();
            case BAND_EDGES -> index % 2 == 0 ? run(index).low() : run(index).high();
        };
    }

    @Override
    public int getSeriesCount() {
        return view == View.BAND_EDGES ? 2 * series.size() : series.size();
    }

    @Override
    public Comparable<?> getSeriesKey(int index) {
        return index;
    }

    @Override
    public int getItemCount(int index) {
        return xs(index).length;
    }

    @Override
    public Number getX(int index, int item) {
        return xs(index)[item];
    }

    @Override
    public double getXValue(int index, int item) {
        return xs(index)[item];
    }

    @Override
    public Number getY(int index, int item) {
        return ys(index)[item];
    }

    @Override
    public double getYValue(int index, int item) {
        return ys(index)[item];
    }

    @Override
    public Number getStartX(int index, int item) {
        return getX(index, item);
    }

    @Override
    public Number getEndX(int index, int item) {
        return getX(index, item);
    }

    @Override
    public Number getStartY(int index, int item) {
        return run(index).low()[item];
    }

    @Override
    public double getStartYValue(int index, int item) {
        return run(index).low()[item];
    }

    @Override
    public Number getEndY(int index, int item) {
        return run(index).high()[item];
    }

    @Override
    public double getEndYValue(int index, int item) {
        return run(index).high()[item];
    }
}
