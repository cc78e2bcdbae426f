package dev.sextant.server.chart;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A vertical log axis with ticks where people read them: every 1..9 × 10^n within one decade, 1-2-5
 * over a few decades, whole decades beyond, labelled as plain numbers (0.02, 1, 500) rather than
 * 10^-1.7. The other multiples get unlabelled minor ticks, which the plot draws as light gridlines.
 */
final class ReadableLogAxis extends LogAxis {
    private static final double[] ALL = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    private static final double[] ONE_TWO_FIVE = {1, 2, 5};
    private static final double[] DECADES = {1};

    ReadableLogAxis(String label) {
        super(label);
        setSmallestValue(1e-300);
    }

    @Override
    protected List<ValueTick> refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        double low = getRange().getLowerBound();
        double high = getRange().getUpperBound();
        int first = (int) Math.floor(Math.log10(low));
        int last = (int) Math.ceil(Math.log10(high));
        int decades = last - first;
        double[] labelled = decades <= 1 ? ALL : decades <= 3 ? ONE_TWO_FIVE : DECADES;
        int decadeStep = Math.max(1, (int) Math.ceil(decades / 8.0));
        var ticks = new ArrayList<ValueTick>();
        for (int exponent = first; exponent <= last; exponent++) {
            for (double mantissa : ALL) {
                double value = mantissa * Math.pow(10, exponent);
                if (value < low || value > high) continue;
                boolean major = contains(labelled, mantissa) && Math.floorMod(exponent, decadeStep) == 0;
                ticks.add(new NumberTick(major ? TickType.MAJOR : TickType.MINOR, value,
                        major ? label(mantissa, exponent) : "", TextAnchor.CENTER_RIGHT, TextAnchor.CENTER_RIGHT, 0));
            }
        }
        return ticks;
    }

    private static boolean contains(double[] values, double value) {
        for (double candidate : values) if (candidate == value) return true;
        return false;
    }

    static String label(double mantissa, int exponent) {
        if (exponent < -4 || exponent > 5) return (int) mantissa + "e" + exponent;
        return BigDecimal.valueOf((long) mantissa).scaleByPowerOfTen(exponent).stripTrailingZeros().toPlainString();
    }
}
