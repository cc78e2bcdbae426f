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
            "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
            "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac");

    private Palette() {}

    /** The colour of the run at {@code index} (0-based); the palette repeats after ten runs. */
    public static Color color(int index) {
        return Color.decode(HEX.get(Math.floorMod(index, HEX.size())));
    }
}
