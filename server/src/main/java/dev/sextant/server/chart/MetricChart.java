package dev.sextant.server.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.TreeSet;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.svg.SVGGraphics2D;

/**
 * Draws metric comparisons with JFreeChart: one stacked panel per key sharing the x axis, one line per
 * run in its palette colour, an optional min/max band, the legend at the bottom. Stateless and
 * thread-safe; every call builds its own chart.
 */
public final class MetricChart {
    /** Bump when the drawing changes, so cached images and ETags of old renders are not reused. */
    public static final String RENDER_VERSION = "2"; // 2: runs coloured by id (Palette.forRun) or as asked

    private MetricChart() {}

    public static byte[] png(ChartInput input, ChartOptions options) {
        var image = new BufferedImage(options.widthPx(), options.heightPx(), BufferedImage.TYPE_INT_RGB);
        var g2 = image.createGraphics();
        try {
            chart(input, options).draw(g2, new Rectangle(options.widthPx(), options.heightPx()));
        } finally {
            g2.dispose();
        }
        return PngEncoder.encode(image);
    }

    public static String svg(ChartInput input, ChartOptions options) {
        var g2 = new SVGGraphics2D(options.widthPx(), options.heightPx());
        var chart = chart(input, options);
        // NORMALIZE snaps PNG gridlines to whole pixels; in SVG it becomes crispEdges, which makes curves jagged.
        chart.getRenderingHints().put(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        chart.draw(g2, new Rectangle(options.widthPx(), options.heightPx()));
        return g2.getSVGElement();
    }

    static JFreeChart chart(ChartInput input, ChartOptions options) {
        var style = new ChartStyle(options);
        var theme = options.theme();
        var plot = new CombinedDomainXYPlot(xAxis(input.xLabel(), options.x(), style));
        plot.setGap(style.size(14));
        plot.setBackgroundPaint(theme.background);
        plot.setOutlineVisible(false);
        for (var panel : input.panels()) plot.add(panel(panel, input.runColors(), options, style), 1);
        plot.setFixedLegendItems(legend(input, style));

        var title = options.title() == null || options.title().isBlank() ? null : options.title();
        var chart = new JFreeChart(title, style.titleFont, plot, true);
        chart.setBackgroundPaint(theme.background);
        chart.setPadding(new RectangleInsets(style.size(10), style.size(8), style.size(6), style.size(16)));
        chart.getRenderingHints().put(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_NORMALIZE);
        chart.getRenderingHints().put(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        if (chart.getTitle() != null) {
            chart.getTitle().setPaint(theme.text);
            chart.getTitle().setPadding(new RectangleInsets(0, 0, style.size(8), 0));
        }
        var legend = chart.getLegend();
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setFrame(BlockBorder.NONE);
        legend.setBackgroundPaint(theme.background);
        legend.setItemFont(style.legendFont);
        legend.setItemPaint(theme.text);
        legend.setMargin(new RectangleInsets(style.size(8), 0, 0, 0));
        legend.setItemLabelPadding(new RectangleInsets(2, 4, 2, style.size(14)));
        return chart;
    }

    private static XYPlot panel(MetricPanel panel, List<Color> colors, ChartOptions options, ChartStyle style) {
        var theme = options.theme();
        ValueAxis yAxis = options.logY() ? logAxis(panel.key()) : linearAxis(panel.key(), style);
        style.apply(yAxis);
        var plot = new XYPlot(SeriesDataset.lines(panel.series()), null, yAxis, lines(panel.series(), colors, style));
        if (options.band()) {
            var bands = panel.series().stream().map(MetricChart::bandOnly).toList();
            plot.setDataset(1, SeriesDataset.bands(bands));
            plot.setRenderer(1, band(bands, colors, theme));
            plot.setDataset(2, SeriesDataset.bandEdges(bands));
            plot.setRenderer(2, bandEdges(bands, colors, theme, style));
        }
        plot.setBackgroundPaint(theme.background);
        plot.setOutlineVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        plot.setDomainGridlinePaint(theme.grid);
        plot.setRangeGridlinePaint(theme.grid);
        plot.setDomainGridlineStroke(style.gridStroke);
        plot.setRangeGridlineStroke(style.gridStroke);
        // On a log axis the decades are far apart: light minor gridlines at 2..9 × 10^n help reading values.
        plot.setRangeMinorGridlinesVisible(options.logY());
        plot.setRangeMinorGridlinePaint(theme.grid);
        plot.setRangeMinorGridlineStroke(style.minorGridStroke);
        return plot;
    }

    private static XYLineAndShapeRenderer lines(List<ChartSeries> series, List<Color> colors, ChartStyle style) {
        var renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDrawSeriesLineAsPath(true);
        renderer.setAutoPopulateSeriesPaint(false);
        renderer.setAutoPopulateSeriesStroke(false);
        renderer.setDefaultStroke(style.lineStroke);
        for (int i = 0; i < series.size(); i++) {
            renderer.setSeriesPaint(i, colors.get(series.get(i).runIndex()));
            renderer.setSeriesStroke(i, style.lineStroke);
        }
        return renderer;
    }

    private static DeviationRenderer band(List<ChartSeries> series, List<Color> colors, ChartTheme theme) {
        var renderer = new DeviationRenderer(false, false);
        renderer.setAlpha(theme.bandAlpha);
        renderer.setAutoPopulateSeriesFillPaint(false);
        for (int i = 0; i < series.size(); i++) renderer.setSeriesFillPaint(i, colors.get(series.get(i).runIndex()));
        return renderer;
    }

    /**
     * Thin translucent lines along each band's min and max: a lone extreme point makes only a sliver of
     * fill, too faint alone, but its edge line is plainly visible.
     */
    private static XYLineAndShapeRenderer bandEdges(List<ChartSeries> series, List<Color> colors, ChartTheme theme, ChartStyle style) {
        var renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDrawSeriesLineAsPath(true);
        renderer.setAutoPopulateSeriesPaint(false);
        renderer.setAutoPopulateSeriesStroke(false);
        renderer.setDefaultStroke(style.edgeStroke);
        for (int i = 0; i < 2 * series.size(); i++) {
            var colour = colors.get(series.get(i / 2).runIndex());
            renderer.setSeriesPaint(i, new java.awt.Color(colour.getRed(), colour.getGreen(), colour.getBlue(),
                    Math.round(255 * theme.edgeAlpha)));
            renderer.setSeriesStroke(i, style.edgeStroke);
        }
        return renderer;
    }

    /** The band's polygon cannot cross a gap, so buckets without a finite min/max are left out of it. */
    private static ChartSeries bandOnly(ChartSeries series) {
        int n = 0;
        for (int i = 0; i < series.size(); i++) if (!Double.isNaN(series.low()[i]) && !Double.isNaN(series.high()[i])) n++;
        double[] x = new double[n], low = new double[n], high = new double[n];
        for (int i = 0, j = 0; i < series.size(); i++) {
            if (Double.isNaN(series.low()[i]) || Double.isNaN(series.high()[i])) continue;
            x[j] = series.x()[i];
            low[j] = series.low()[i];
            high[j++] = series.high()[i];
        }
        return new ChartSeries(series.runIndex(), x, low, low, high);
    }

    private static LegendItemCollection legend(ChartInput input, ChartStyle style) {
        var present = new TreeSet<Integer>();
        input.panels().forEach(panel -> panel.series().forEach(series -> present.add(series.runIndex())));
        var items = new LegendItemCollection();
        var sample = new Line2D.Double(-style.size(9), 0, style.size(9), 0);
        for (int index : present) {
            var label = input.runLabels().get(index);
            items.add(new LegendItem(label, label, null, null, sample, style.legendStroke, input.runColors().get(index)));
        }
        return items;
    }

    private static ValueAxis xAxis(String label, XAxisKind kind, ChartStyle style) {
        ValueAxis axis;
        if (kind == XAxisKind.WALL_TIME) {
            var dates = new DateAxis(label);
            dates.setTimeZone(TimeZone.getTimeZone("UTC"));
            axis = dates;
        } else {
            var numbers = new SpacedNumberAxis(label, style.size(90));
            numbers.setAutoRangeIncludesZero(false);
            if (kind == XAxisKind.STEP) numbers.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            axis = numbers;
        }
        axis.setLowerMargin(0.01);
        axis.setUpperMargin(0.01);
        style.apply(axis);
        return axis;
    }

    private static ValueAxis linearAxis(String label, ChartStyle style) {
        var axis = new SpacedNumberAxis(label, style.size(45));
        axis.setAutoRangeIncludesZero(false);
        axis.setAutoRangeStickyZero(false);
        return axis;
    }

    private static ValueAxis logAxis(String label) {
        return new ReadableLogAxis(label + " (log scale)");
    }

    /** Fonts and strokes scaled to the image: readable at 600×300, not oversized at 2400×1200. */
    private static final class ChartStyle {
        final double scale;
        final ChartTheme theme;
        final Font tickFont;
        final Font labelFont;
        final Font legendFont;
        final Font titleFont;
        final BasicStroke lineStroke;
        final BasicStroke legendStroke;
        final BasicStroke gridStroke = new BasicStroke(1f);
        final BasicStroke edgeStroke = new BasicStroke(0.7f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        final BasicStroke minorGridStroke = new BasicStroke(0.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {2f, 3f}, 0f);

        ChartStyle(ChartOptions options) {
            this.theme = options.theme();
            this.scale = Math.max(0.5, Math.min(options.widthPx() / 1200.0, options.heightPx() / 600.0));
            int tick = (int) Math.round(Math.min(20, 9 + 3 * scale));
            tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, tick);
            labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, tick + 1);
            legendFont = new Font(Font.SANS_SERIF, Font.PLAIN, tick);
            titleFont = new Font(Font.SANS_SERIF, Font.BOLD, tick + 4);
            float line = (float) Math.max(1.2, Math.min(3.0, 1.6 * scale));
            lineStroke = new BasicStroke(line, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
            legendStroke = new BasicStroke(line + 1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND);
        }

        double size(double atFullScale) {
            return Math.max(atFullScale / 2, atFullScale * scale);
        }

        void apply(ValueAxis axis) {
            axis.setLabelFont(labelFont);
            axis.setLabelPaint(theme.text);
            axis.setTickLabelFont(tickFont);
            axis.setTickLabelPaint(theme.text);
            axis.setAxisLinePaint(theme.axis);
            axis.setTickMarkPaint(theme.axis);
            axis.setTickMarkOutsideLength((float) size(4));
            axis.setTickMarkInsideLength(0);
            axis.setMinorTickMarksVisible(false);
            axis.setLabelInsets(new RectangleInsets(size(4), size(4), size(4), size(4)));
        }
    }
}
