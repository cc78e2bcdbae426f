package dev.sextant.server.chart;

import java.awt.Color;

/** Background, text and grid colours of a chart; runs keep their palette colours in both themes. */
public enum ChartTheme {
    LIGHT(Color.WHITE, new Color(0x22, 0x22, 0x22), new Color(0x55, 0x55, 0x55), new Color(0xE3, 0xE3, 0xE3), 0.18f, 0.40f),
    DARK(new Color(0x16, 0x18, 0x1C), new Color(0xE6, 0xE6, 0xE6), new Color(0xA8, 0xA8, 0xA8), new Color(0x33, 0x37, 0x3D), 0.28f, 0.42f);

    final Color background;
    final Color text;
    final Color axis;
    final Color grid;
    /** Opacity of the min/max band over the background. */
    final float bandAlpha;
    /** Opacity of the thin lines along the band's min and max. */
    final float edgeAlpha;

    ChartTheme(Color background, Color text, Color axis, Color grid, float bandAlpha, float edgeAlpha) {
        this.background = background;
        this.text = text;
        this.axis = axis;
        this.grid = grid;
        this.bandAlpha = bandAlpha;
        this.edgeAlpha = edgeAlpha;
    }

    public Color background() {
        return background;
    }

    public float bandAlpha() {
        return bandAlpha;
    }
}
