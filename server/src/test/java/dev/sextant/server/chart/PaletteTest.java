package dev.sextant.server.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PaletteTest {
    @Test
    void the_web_ui_uses_the_same_run_colours_as_the_chart_images() throws Exception {
        var script = Files.readString(Path.of("..", "web", "js", "palette.js"));
        var list = Pattern.compile("export const PALETTE = \\[([^\\]]*)\\]").matcher(script);
        assertThat(list.find()).as("palette.js exports PALETTE").isTrue();
        var colours = Pattern.compile("\"(#[0-9a-fA-F]{6})\"").matcher(list.group(1)).results().map(m -> m.group(1)).toList();
        assertThat(colours).isEqualTo(Palette.HEX);
    }

    @Test
    void the_palette_repeats_after_its_last_colour() {
        assertThat(Palette.color(Palette.HEX.size())).isEqualTo(Palette.color(0));
    }

    @Test
    void a_run_id_hashes_to_the_index_the_web_ui_computes() {
        // FNV-1a 32-bit: "" is the offset basis 0x811c9dc5 = 2166136261; "a" is 0xe40c292c = 3826002220.
        assertThat(Palette.indexOf("")).isEqualTo((int) (2166136261L % 24));
        assertThat(Palette.indexOf("a")).isEqualTo((int) (3826002220L % 24));
        assertThat(Palette.indexOf("0f3a9c6e51b24d7e8a1c2b3d4e5f6a7b")).isBetween(0, 23);
    }
}
