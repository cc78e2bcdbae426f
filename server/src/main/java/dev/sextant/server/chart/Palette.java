package dev.sextant.server.chart;

import java.awt.Color;
import java.util.List;

/**
 * The run colours, indexed by a run's position in a comparison. web/js/palette.js holds the same list,
 * so an image and the UI colour a run alike; a test keeps the two in step.
 */
public final class Palette {
    /** Tableau 10: distinct hues that stay readable on white and on near-black. */
    public static final List<String> HEX = List.of(
            "#2563eb", "#e8590c", "#0f9d58", "#d6336c", "#7048e8",
            "#0c8599", "#c2255c", "#5c940d", "#f59f00", "#495057");

    private Palette() {}

    /** The colour of the run at {@code index} (0-based); the palette repeats after ten runs. */
    public static Color color(int index) {
        return Color.decode(HEX.get(Math.floorMod(index, HEX.size())));
    }
}
