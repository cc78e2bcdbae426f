package dev.sextant.server.chart;

import java.awt.Color;
import java.util.List;

/**
 * The run colours. web/js/palette.js holds the same list and the same run-id hash, so an image and the UI
 * colour a run alike; a test keeps the two in step.
 */
public final class Palette {
    /**
     * 24 hues picked greedily for the largest smallest CIEDE2000 distance between any two (17.4) among
     * colours readable on white (L* 32–68, chroma ≥ 30).
     */
    public static final List<String> HEX = List.of(
            "#2563eb", "#87b400", "#ff000f", "#005a3c", "#ff69f0", "#3cb4c3", "#a5004b", "#694b1e",
            "#e19600", "#4bb478", "#b42dff", "#a596ff", "#961e0f", "#3ca5ff", "#4b5a00", "#ff0f69",
            "#782d87", "#0000ff", "#d28778", "#2d8778", "#96874b", "#00870f", "#a56996", "#b45a00");

    private Palette() {}

    /** The colour at {@code index} (0-based); the palette repeats after its last colour. */
    public static Color color(int index) {
        return Color.decode(HEX.get(Math.floorMod(index, HEX.size())));
    }

    /** The palette index of a run: FNV-1a (32-bit) of the id's UTF-16 code units, as web/js/palette.js does. */
    public static int indexOf(String runId) {
        int hash = 0x811c9dc5;
        for (int i = 0; i < runId.length(); i++) {
            hash ^= runId.charAt(i);
            hash *= 0x01000193;
        }
        return Integer.remainderUnsigned(hash, HEX.size());
    }
}
