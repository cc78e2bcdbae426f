package dev.sextant.server.chart;

import java.util.List;
import org.jfree.data.xy.AbstractIntervalXYDataset;

/**
 * A read-only JFreeChart dataset straight over the series arrays: no per-point objects, so building a
 * chart costs nothing next to drawing it. The interval is the bucket's min..max (the band).
 */
final class SeriesDataset extends AbstractIntervalXYDataset {
    private final List<ChartSeries> series;

    SeriesDataset(List<ChartSeries> series) {
        this.series = List.copyOf(series);
    }

    @Override
    public int getSeriesCount() {
        return series.size();
    }

    @Override
    public Comparable<?> getSeriesKey(int index) {
        return index;
    }

    @Override
    public int getItemCount(int index) {
        return series.get(index).size();
    }

    @Override
    public Number getX(int index, int item) {
        return series.get(index).x()[item];
    }

    @Override
    public double getXValue(int index, int item) {
        return series.get(index).x()[item];
    }

    @Override
    public Number getY(int index, int item) {
        return series.get(index).y()[item];
    }

    @Override
    public double getYValue(int index, int item) {
        return series.get(index).y()[item];
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
        return series.get(index).low()[item];
    }

    @Override
    public double getStartYValue(int index, int item) {
        return series.get(index).low()[item];
    }

    @Override
    public Number getEndY(int index, int item) {
        return series.get(index).high()[item];
    }

    @Override
    public double getEndYValue(int index, int item) {
        return series.get(index).high()[item];
    }
}
