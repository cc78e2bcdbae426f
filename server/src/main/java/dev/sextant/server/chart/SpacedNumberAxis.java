package dev.sextant.server.chart;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.ui.RectangleEdge;

/**
 * A number axis whose ticks stay at least {@code minSpacingPx} apart. JFreeChart picks the smallest unit
 * whose labels do not overlap, which packs 20 labelled gridlines into a 1200 px chart; papers want ~6–10.
 */
final class SpacedNumberAxis extends NumberAxis {
    private final double minSpacingPx;

    SpacedNumberAxis(String label, double minSpacingPx) {
        super(label);
        this.minSpacingPx = minSpacingPx;
    }

    @Override
    protected void selectAutoTickUnit(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        super.selectAutoTickUnit(g2, dataArea, edge);
        double lengthPx = RectangleEdge.isTopOrBottom(edge) ? dataArea.getWidth() : dataArea.getHeight();
        var unit = getTickUnit();
        while (getRange().getLength() / unit.getSize() * minSpacingPx > lengthPx) {
            var larger = (NumberTickUnit) getStandardTickUnits().getLargerTickUnit(unit);
            if (larger.getSize() <= unit.getSize()) break;
            unit = larger;
        }
        setTickUnit(unit, false, false);
    }
}
