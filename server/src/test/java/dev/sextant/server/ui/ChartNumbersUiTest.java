package dev.sextant.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sextant.server.ui.SeededServer.Point;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.interactions.Actions;

/**
 * The numbers a metric chart shows: the hover readout on the run page, zoomed data actually drawn (run page
 * and compare), axis labels, relative-time ticks, smoothing and log y on the run page.
 */
class ChartNumbersUiTest extends UiTestBase {
    static final long START_MS = 1_780_000_000_000L;
    /** 6,000 points at every 4th step: 6 points a bucket when the whole run is shown, x ticks in thousands. */
    static final int ZIGZAG_POINTS = 6_000;
    static final int ZIGZAG_STRIDE = 4;
    static final int ZIGZAG_STEPS = ZIGZAG_POINTS * ZIGZAG_STRIDE;
    String zigzag;
    String zigzagTwin;
    String small;

    /** 0, 1, 0, 1, … point after point: a coarse bucket's mean is 0.5, the raw line touches 0 and 1. */
    static double zigzagValue(long step) {
        return (step / ZIGZAG_STRIDE) % 2;
    }

    /** A learning rate around 6e-4, logged every 5th step. */
    static double lrValue(long step) {
        return 6e-4 + 5e-5 * Math.sin(step / 15.0);
    }

    static double gradNormValue(long step) {
        return 1e-5 * Math.pow(10, -2.0 * step / 150);
    }

    @Override
    void seed() {
        var experimentId = server.createExperiment("chart-numbers");
        zigzag = server.createRun(experimentId, "zigzag", START_MS, Map.of("seed", 1), Map.of());
        zigzagTwin = server.createRun(experimentId, "zigzag-twin", START_MS, Map.of("seed", 2), Map.of());
        for (var runId : List.of(zigzag, zigzagTwin)) {
            var points = new ArrayList<Point>();
            for (long step = 0; step < ZIGZAG_STEPS; step += ZIGZAG_STRIDE) points.add(new Point("zigzag", step, zigzagValue(step), START_MS + step * 100));
            server.log(runId, points);
            server.finish(runId, START_MS + ZIGZAG_STEPS * 100L);
        }
        // Two hours of training, a point a minute: relative-time ticks and small numbers.
        small = server.createRun(experimentId, "small-numbers", START_MS, Map.of("seed", 3), Map.of());
        var points = new ArrayList<Point>();
        for (long step = 0; step < 150; step += 5) points.add(new Point("lr", step, lrValue(step), START_MS + step * 48_000));
        for (long step = 0; step < 150; step++) points.add(new Point("grad_norm", step, gradNormValue(step), START_MS + step * 48_000));
        server.log(small, points);
        server.finish(small, START_MS + 150 * 48_000L);
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, List<Object>>> axisTicks(String chartCss) {
        return (Map<String, Map<String, List<Object>>>) browser.js("return document.querySelector(arguments[0]).sextantChart.axisTicks()", chartCss);
    }

    static double parseTick(String label) {
        var suffixes = Map.of("k", 1e3, "M", 1e6, "G", 1e9, "T", 1e12);
        var last = label.substring(label.length() - 1);
        return suffixes.containsKey(last) ? Double.parseDouble(label.substring(0, label.length() - 1)) * suffixes.get(last) : Double.parseDouble(label);
    }

    @Test
    void the_run_page_readout_gives_the_step_and_value_under_the_cursor() {
        openRun(small, "");
        var lr = chart("#metric-charts", "lr");
        pointAt(lr, 0.42, 0.5);
        var readout = browser.waitFor(lr + " .chart-readout");
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> !readout.getText().isEmpty());
        long step = Math.round(Double.parseDouble(readout.getAttribute("data-x")));
        double cursorX = number(browser.js("const p = document.querySelector(arguments[0]).sextantChart.plot; return p.posToVal(p.cursor.left, 'x')", lr));
        assertThat(step % 5).as("a logged step").isZero();
        assertThat(Math.abs(step - cursorX)).isLessThanOrEqualTo(2.5);
        assertThat(Double.parseDouble(readout.getAttribute("data-value"))).isCloseTo(lrValue(step), within(1e-15));
        assertThat(readout.getText()).startsWith("step " + step + ": ").contains("e-4");
    }

    /** Opaque pixels in any of the chart's run colours on the rows where y = value (±2 px), inside the plot area. */
    long pixelsAtValue(String chartCss, double value) {
        return ((Number) browser.js("""
                const handle = document.querySelector(arguments[0]).sextantChart;
                const plot = handle.plot;
                const colours = handle.runs.map(run => [1, 3, 5].map(i => parseInt(run.color.slice(i, i + 2), 16)));
                const y = Math.round(plot.bbox.top + plot.valToPos(arguments[1], 'y') * (window.devicePixelRatio || 1));
                const data = plot.ctx.getImageData(Math.round(plot.bbox.left), y - 2, Math.round(plot.bbox.width), 5).data;
                let count = 0;
                for (let p = 0; p < data.length; p += 4) {
                  if (data[p + 3] >= 200 && colours.some(rgb => Math.abs(data[p] - rgb[0]) <= 12
                      && Math.abs(data[p + 1] - rgb[1]) <= 12 && Math.abs(data[p + 2] - rgb[2]) <= 12)) count++;
                }
                return count;
                """, chartCss, value)).longValue();
    }

    void dragAcross(String chartCss, double fromFraction, double toFraction) {
        var over = browser.waitFor(chartCss + " .u-over");
        int width = over.getSize().getWidth();
        new Actions(browser.driver).moveToElement(over, (int) ((fromFraction - 0.5) * width), 0).clickAndHold()
                .moveByOffset((int) ((toFraction - fromFraction) * width), 0).release().perform();
    }

    List<?> xs(String chartCss) {
        return (List<?>) browser.js("return document.querySelector(arguments[0]).sextantChart.plot.data[0]", chartCss);
    }

    double scale(String chartCss, String bound) {
        return number(browser.js("return document.querySelector(arguments[0]).sextantChart.plot.scales.x[arguments[1]]", chartCss, bound));
    }

    @Test
    void zooming_draws_the_finer_data_and_a_double_click_goes_back_to_the_whole_run() {
        for (var page : List.of("run", "compare")) {
            String css;
            if (page.equals("run")) {
                openRun(zigzag, "");
                css = chart("#metric-charts", "zigzag");
            } else {
                openCompare(List.of(zigzag, zigzagTwin), "");
                css = chart("#compare-charts", "zigzag");
            }
            assertThat(xs(css).size()).as("coarse buckets").isLessThanOrEqualTo(1000);
            assertThat(pixelsAtValue(css, 1.0)).as("%s: coarse line, no point reaches 1", page).isZero();
            var reset = browser.driver.findElement(By.cssSelector(css + " .chart-reset"));
            assertThat(reset.isDisplayed()).isFalse();

            dragAcross(css, 0.30, 0.50);
            browser.waitUpTo(Duration.ofSeconds(10)).until(d -> scale(css, "max") - scale(css, "min") < 6000
                    && xs(css).size() > 100 && number(xs(css).get(xs(css).size() - 1)) - number(xs(css).get(0)) < 6000);
            dragAcross(css, 0.30, 0.60);
            browser.waitUpTo(Duration.ofSeconds(10)).until(d -> scale(css, "max") - scale(css, "min") < 2000
                    && number(xs(css).get(xs(css).size() - 1)) - number(xs(css).get(0)) < 2000);
            double min = scale(css, "min");
            double max = scale(css, "max");
            // Raw points now: the logged steps, as many as the range holds, and the drawn line reaches 0 and 1.
            assertThat(xs(css)).allSatisfy(x -> assertThat(number(x) % ZIGZAG_STRIDE).isZero());
            assertThat(xs(css).size()).isGreaterThanOrEqualTo((int) ((max - min) / ZIGZAG_STRIDE) - 2);
            browser.waitUpTo(Duration.ofSeconds(5)).until(d -> pixelsAtValue(css, 1.0) > 20);
            assertThat(pixelsAtValue(css, 0.0)).as("%s: zoomed line reaches 0", page).isGreaterThan(20L);
            assertThat(reset.isDisplayed()).isTrue();
            browser.screenshot("zoomed-" + page);

            new Actions(browser.driver).doubleClick(browser.driver.findElement(By.cssSelector(css + " .u-over"))).perform();
            browser.waitUpTo(Duration.ofSeconds(10)).until(d -> scale(css, "max") - scale(css, "min") > ZIGZAG_STEPS * 0.9);
            assertThat(xs(css).size()).isLessThanOrEqualTo(1000);
            assertThat(scale(css, "min")).isLessThan(ZIGZAG_STEPS * 0.02);
            assertThat(scale(css, "max")).isGreaterThan(ZIGZAG_STEPS * 0.98);
            browser.waitUpTo(Duration.ofSeconds(5)).until(d -> pixelsAtValue(css, 1.0) == 0);
            assertThat(reset.isDisplayed()).isFalse();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void axis_labels_are_short_distinct_numbers_that_fit_their_axis() {
        for (var query : List.of("", "log=1")) {
            openRun(small, query);
            for (var key : List.of("lr", "grad_norm")) {
                var css = chart("#metric-charts", key);
                var y = axisTicks(css).get("y");
                var labels = y.get("labels").stream().map(String::valueOf).filter(label -> !label.isEmpty()).toList();
                var values = y.get("values");
                assertThat(labels).as("%s %s y labels", key, query).hasSizeGreaterThanOrEqualTo(2).doesNotHaveDuplicates()
                        .allSatisfy(label -> assertThat(label.length()).isLessThanOrEqualTo(7));
                for (int i = 0; i < values.size(); i++) {
                    var label = String.valueOf(y.get("labels").get(i));
                    if (label.isEmpty() || values.get(i) == null) continue;
                    double value = number(values.get(i));
                    assertThat(parseTick(label)).as("label %s of tick %s", label, value).isCloseTo(value, within(Math.abs(value) * 0.01 + 1e-300));
                }
                var widest = number(browser.js("""
                        const ctx = document.createElement('canvas').getContext('2d');
                        ctx.font = '11px system-ui, sans-serif';
                        return Math.max(...arguments[0].map(l => ctx.measureText(l).width));
                        """, labels));
                var axisSize = number(browser.js("return document.querySelector(arguments[0]).sextantChart.plot.axes[1]._size", css));
                assertThat(widest + 8).as("%s labels fit the axis", key).isLessThanOrEqualTo(axisSize);
            }
        }
        openRun(zigzag, "");
        var x = axisTicks(chart("#metric-charts", "zigzag")).get("x").get("labels");
        assertThat(x).doesNotHaveDuplicates().allSatisfy(label -> assertThat(String.valueOf(label)).matches("0|\\d+(\\.\\d+)?k"));
    }

    @Test
    void relative_time_ticks_fall_on_whole_minutes_or_hours() {
        openRun(small, "x=relative");
        var x = axisTicks(chart("#metric-charts", "grad_norm")).get("x");
        var values = x.get("values").stream().map(this::number).toList();
        assertThat(values).hasSizeGreaterThanOrEqualTo(3);
        double spacing = values.get(1) - values.get(0);
        assertThat(List.of(60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0)).contains(spacing);
        for (int i = 0; i < values.size(); i++) {
            assertThat(values.get(i) % spacing).isZero();
            if (i > 0) assertThat(values.get(i) - values.get(i - 1)).isEqualTo(spacing);
        }
        assertThat(x.get("labels")).allSatisfy(label -> assertThat(String.valueOf(label)).matches("0|(\\d+h)?( ?\\d+m)?"));
        assertThat(new HashSet<>(x.get("labels"))).hasSize(values.size());
    }

    @Test
    void the_run_page_smooths_and_uses_a_log_axis_like_the_compare_page() {
        openRun(small, "smooth=0.6&log=1");
        assertThat(browser.driver.findElement(By.id("smoothing")).getAttribute("value")).isEqualTo("0.6");
        assertThat(browser.driver.findElement(By.id("log-y")).isSelected()).isTrue();
        var css = chart("#metric-charts", "grad_norm");
        assertThat(number(browser.js("return document.querySelector(arguments[0]).sextantChart.plot.scales.y.distr", css))).isEqualTo(3);
        var drawn = (List<?>) browser.js("return document.querySelector(arguments[0]).sextantChart.plot.data[1]", css);
        // TensorBoard's debiased EMA with weight 0.6 over the logged values.
        double last = 0;
        double weight = 0;
        for (int step = 0; step < 150; step++) {
            last = last * 0.6 + 0.4 * gradNormValue(step);
            weight = weight * 0.6 + 0.4;
            assertThat(number(drawn.get(step))).as("smoothed value at step %d", step).isCloseTo(last / weight, within(last / weight * 1e-9));
        }
        browser.driver.findElement(By.id("log-y")).click();
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> number(browser.js(
                "return document.querySelector(arguments[0]).sextantChart.plot.scales.y.distr", css)) == 1);
        assertThat(browser.driver.getCurrentUrl()).contains("smooth=0.6").doesNotContain("log=1");
    }
}
