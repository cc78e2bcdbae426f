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
}
