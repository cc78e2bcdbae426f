package dev.sextant.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sextant.server.ui.SeededServer.Point;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.interactions.Actions;

/**
 * The compare page shows the right number for the right run: hover values per chart, run colours, the
 * page's text. A 24-run sweep whose runs log at different steps (run i every {@link #stride}(i) steps from
 * an offset), so most x positions have a value for only some runs. On the six-run {@link ResnetSweep}: every
 * run drawn in every chart, the config diff, options kept in the URL, zoom; and autologged single values.
 */
class CompareUiTest extends UiTestBase {
    static final int RUNS = 24;
    static final int STEPS = 200;
    static final String[] KEYS = {"lr", "train/loss", "val/loss", "val/acc"};
    /** This run's val/loss ends in NaN. */
    static final int DIVERGED = 3;
    final List<String> runIds = new ArrayList<>();
    ResnetSweep sweep;

    static int stride(int run) {
        return 1 + (run % 4) * 3;
    }

    static double value(String key, int run, long step) {
        double trainLoss = 2.0 / (1 + 0.02 * step * (1 + run / 10.0));
        return switch (key) {
            case "lr" -> 0.001 * (1 + run) * (1 - step / 400.0);
            case "train/loss" -> trainLoss;
            case "val/loss" -> trainLoss + 0.1 + run * 0.001;
            case "val/acc" -> 1 - (trainLoss + 0.1) / 3;
            default -> throw new IllegalArgumentException(key);
        };
    }

    @Override
    void seed() {
        var experimentId = server.createExperiment("lr-sweep");
        long start = 1_780_000_000_000L;
        for (int run = 0; run < RUNS; run++) {
            var config = new LinkedHashMap<String, Object>();
            config.put("lr", 0.001 * (1 + run));
            config.put("optimizer", run % 2 == 0 ? "adam" : "sgd");
            config.put("weight_decay", new double[] {0, 0.01, 0.05}[run % 3]);
            config.put("seed", 7);
            var runId = server.createRun(experimentId, String.format("trial-%02d", run), start + run * 60_000L, config, Map.of());
            var points = new ArrayList<Point>();
            for (long step = run % stride(run); step < STEPS; step += stride(run)) {
                for (var key : KEYS) points.add(new Point(key, step, value(key, run, step), start + step * 1000));
            }
            if (run == DIVERGED) points.add(new Point("val/loss", STEPS, Double.NaN, start + STEPS * 1000));
            server.log(runId, points);
            server.finish(runId, start + STEPS * 1000L);
            runIds.add(runId);
        }
        sweep = ResnetSweep.seed(server);
    }

    @SuppressWarnings("unchecked")
    List<String> legendColours() {
        return (List<String>) browser.js("return [...document.querySelectorAll('#legend .legend-item')].map(item => item.dataset.color)");
    }

    /** Points at a chart and returns what the legend then says: {metric, [run index, x, value]...}. */
    @SuppressWarnings("unchecked")
    Map<String, Object> hoverLegend(String key, double fractionX) {
        pointAt(chart("#compare-charts", key), fractionX, 0.5);
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> key.equals(browser.js("return document.getElementById('legend-step').dataset.metric")));
        return (Map<String, Object>) browser.js("""
                const chart = document.querySelector(arguments[0]).sextantChart.plot;
                return {
                  cursorX: chart.posToVal(chart.cursor.left, 'x'),
                  runs: [...document.querySelectorAll('#legend .legend-item')].map(item => {
                    const value = item.querySelector('.legend-value');
                    return { id: item.dataset.runId, x: value.dataset.x === undefined ? null : Number(value.dataset.x),
                             value: value.dataset.value === undefined ? null : Number(value.dataset.value), text: value.textContent };
                  }),
                };
                """, chart("#compare-charts", key));
    }

    @Test
    @SuppressWarnings("unchecked")
    void hovering_a_chart_lists_that_charts_value_for_every_run_at_its_nearest_logged_step() {
        var shown = List.of(runIds.get(0), runIds.get(1), runIds.get(2));
        for (var extra : List.of("band=0", "")) {
            openCompare(shown, extra);
            for (var key : List.of("lr", "train/loss", "val/acc")) {
                var legend = hoverLegend(key, 0.37);
                double cursorX = number(legend.get("cursorX"));
                var runs = (List<Map<String, Object>>) legend.get("runs");
                assertThat(runs).hasSize(3);
                for (int run = 0; run < 3; run++) {
                    var entry = runs.get(run);
                    assertThat(entry.get("id")).isEqualTo(shown.get(run));
                    assertThat(entry.get("value")).as("%s value of run %d (%s)", key, run, extra).isNotNull();
                    long step = Math.round(number(entry.get("x")));
                    assertThat((step - run % stride(run)) % stride(run)).as("a step run %d logged", run).isZero();
                    assertThat(Math.abs(step - cursorX)).as("nearest logged step to %s", cursorX).isLessThanOrEqualTo(stride(run) / 2.0 + 1e-9);
                    assertThat(number(entry.get("value"))).as("%s of run %d at step %d", key, run, step)
                            .isCloseTo(value(key, run, step), within(1e-12));
                }
            }
        }
    }

    @Test
    void the_compare_and_run_pages_show_no_stray_text() {
        openCompare(runIds.subList(0, 3), "");
        assertThat(strayTexts()).isEmpty();
        assertThat(browser.driver.findElements(By.id("metric-values"))).isEmpty();
        openRun(runIds.get(0), ""); // a run without MLflow tags
        browser.waitFor("#tags-editor .tag-form");
        assertThat(strayTexts()).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void every_run_keeps_one_distinct_colour_on_every_page_which_the_user_can_change_and_highlight() {
        openCompare(runIds, "band=0");
        var colours = legendColours();
        assertThat(colours).hasSize(RUNS);
        assertThat(new HashSet<>(colours)).as("distinct colours for 24 runs").hasSize(RUNS);
        browser.screenshot("compare-24-runs");
        var lr = chart("#compare-charts", "lr"); // 24 lines apart from each other
        assertThat(chartColours(lr)).isEqualTo(colours);
        assertThat(colourCounts(lr, colours, 12)).as("pixels of each run's colour").allSatisfy(count -> assertThat(count).isGreaterThan(20L));
        var valLoss = chart("#compare-charts", "val/loss");

        // Another selection, in another order: the same run, the same colour.
        var some = List.of(runIds.get(23), runIds.get(5), runIds.get(0));
        openCompare(some, "band=0");
        assertThat(legendColours()).containsExactly(colours.get(23), colours.get(5), colours.get(0));
        openRun(runIds.get(5), "");
        assertThat(chartColours(chart("#metric-charts", "val/loss"))).containsExactly(colours.get(5));

        // The user picks a colour in the legend: every page uses it from then on.
        openCompare(some, "band=0");
        browser.js("""
                const input = document.querySelector(`#legend .legend-item[data-run-id='${arguments[0]}'] input[type=color]`);
                input.value = '#123456';
                input.dispatchEvent(new Event('change', { bubbles: true }));
                """, runIds.get(5));
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> legendColours().get(1).equals("#123456"));
        assertThat(chartColours(valLoss)).containsExactly(colours.get(23), "#123456", colours.get(0));
        assertThat(colourCounts(valLoss, List.of("#123456", colours.get(5)), 12).get(0)).isGreaterThan(30L);
        assertThat(colourCounts(valLoss, List.of("#123456", colours.get(5)), 12).get(1)).isZero();
        openRun(runIds.get(5), "");
        assertThat(chartColours(chart("#metric-charts", "val/loss"))).containsExactly("#123456");

        // Pointing at a legend entry brings that run's line forward and fades the others.
        openCompare(some, "band=0");
        var before = colourCounts(valLoss, List.of(colours.get(23), colours.get(0)), 12);
        assertThat(before).allSatisfy(count -> assertThat(count).isGreaterThan(30L));
        new Actions(browser.driver).moveToElement(browser.driver.findElement(
                By.cssSelector("#legend .legend-item[data-run-id='" + runIds.get(0) + "'] a"))).perform();
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> colourCounts(valLoss, List.of(colours.get(23)), 12).get(0) < 5);
        var during = colourCounts(valLoss, List.of(colours.get(23), colours.get(0)), 12);
        assertThat(during.get(0)).as("a faded run").isLessThan(5L);
        assertThat(during.get(1)).as("the highlighted run").isGreaterThan(30L);
        new Actions(browser.driver).moveToElement(browser.driver.findElement(By.tagName("h1"))).perform();
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> colourCounts(valLoss, List.of(colours.get(23)), 12).get(0) > 30);
    }

    record Box(double left, double right, double top, double bottom, String text) {
        boolean overlaps(Box other) {
            return left < other.right && other.left < right && top < other.bottom && other.top < bottom;
        }
    }

    @SuppressWarnings("unchecked")
    static Box box(Object raw) {
        var map = (Map<String, Object>) raw;
        return new Box(((Number) map.get("left")).doubleValue(), ((Number) map.get("right")).doubleValue(),
                ((Number) map.get("top")).doubleValue(), ((Number) map.get("bottom")).doubleValue(), String.valueOf(map.get("text")));
    }

    static void assertNoOverlap(List<Box> boxes) {
        var drawn = boxes.stream().filter(b -> !b.text().isEmpty()).toList();
        for (int i = 0; i < drawn.size(); i++) {
            for (int j = i + 1; j < drawn.size(); j++) {
                assertThat(drawn.get(i).overlaps(drawn.get(j))).as("%s overlaps %s", drawn.get(i), drawn.get(j)).isFalse();
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void parallel_coordinates_keep_a_nan_metric_numeric_with_readable_labels_and_pick_sensible_defaults() {
        openCompare(runIds.subList(0, 8), "");
        var axes = (List<Map<String, Object>>) browser.js("return document.getElementById('parallel-canvas').sextantLayout.axes");
        assertThat(axes).extracting(axis -> axis.get("label")).containsExactly("lr", "optimizer", "weight_decay", "val/loss (last)");
        var valLoss = axes.get(3);
        assertThat(valLoss.get("numeric")).as("val/loss stays a numeric axis with a NaN in it").isEqualTo(true);
        var ticks = (List<Map<String, Object>>) valLoss.get("ticks");
        assertThat(ticks).extracting(tick -> tick.get("label")).contains("NaN");
        var lasts = new ArrayList<Double>();
        for (int run = 0; run < 8; run++) {
            if (run == DIVERGED) continue;
            long lastStep = run % stride(run) + (STEPS - 1 - run % stride(run)) / stride(run) * stride(run);
            lasts.add(value("val/loss", run, lastStep));
        }
        double min = lasts.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = lasts.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        var numbers = ticks.stream().map(tick -> String.valueOf(tick.get("label"))).filter(label -> !label.equals("NaN")).toList();
        assertThat(numbers).hasSizeGreaterThanOrEqualTo(2).doesNotHaveDuplicates()
                .allSatisfy(label -> assertThat(Double.parseDouble(label)).isBetween(min - 1e-12, max + 1e-12));
        var boxes = new ArrayList<Box>();
        for (var axis : axes) {
            boxes.add(box(axis.get("labelBox")));
            for (var tick : (List<Map<String, Object>>) axis.get("ticks")) boxes.add(box(tick.get("box")));
        }
        assertNoOverlap(boxes);

        assertThat(browser.driver.findElement(By.id("scatter-x")).getAttribute("value")).isEqualTo("p:lr");
        assertThat(browser.driver.findElement(By.id("scatter-y")).getAttribute("value")).isEqualTo("val/loss:last");
        var scatter = (Map<String, List<Map<String, Object>>>) browser.js("return document.getElementById('scatter-canvas').sextantLayout");
        assertThat(scatter.get("y")).extracting(tick -> tick.get("label")).contains("NaN");
        var scatterBoxes = new ArrayList<Box>();
        scatter.get("x").forEach(tick -> scatterBoxes.add(box(tick.get("box"))));
        scatter.get("y").forEach(tick -> scatterBoxes.add(box(tick.get("box"))));
        assertNoOverlap(scatterBoxes);
        browser.js("document.getElementById('parallel-canvas').scrollIntoView()");
        browser.screenshot("compare-parallel-coordinates");
    }

    /** The sweep's compare page as its runs table links it: with the experiment in the URL. */
    void openSweepCompare(List<String> ids, String extra) {
        open("#/compare?runs=" + String.join(",", ids) + "&exp=" + sweep.experimentId() + (extra.isEmpty() ? "" : "&" + extra));
        browser.waitUpTo(Duration.ofSeconds(15)).until(d -> "ready".equals(d.findElement(By.id("compare-charts")).getAttribute("data-state")));
    }

    @Test
    void compare_draws_every_selected_run_in_every_chart() {
        var ids = sweep.runIds().subList(0, 4);
        openSweepCompare(ids, "");
        var charts = browser.driver.findElements(By.cssSelector("#compare-charts .chart-card canvas"));
        assertThat(charts).hasSize(4); // loss, accuracy, two system metrics
        for (var key : List.of("loss", "accuracy", "system/cpu_percent")) {
            var counts = colourCounts("#compare-charts .chart-card[data-metric='" + key + "']", legendColours(), 29);
            assertThat(counts).as("pixels per run colour in " + key).allSatisfy(count -> assertThat(count).isGreaterThan(30L));
        }
        browser.screenshot("06-compare");
        browser.js("document.getElementById('config-diff').scrollIntoView()");
        browser.screenshot("07-compare-diff-and-plots");
    }

    @Test
    void compare_highlights_differing_config_keys_and_can_show_all() {
        openSweepCompare(sweep.runIds().subList(0, 3), "");
        @SuppressWarnings("unchecked")
        var differing = (List<String>) browser.js("return [...document.querySelectorAll('#config-diff tr.differs')].map(tr => tr.dataset.key)");
        assertThat(differing).containsExactlyInAnyOrder("optimizer.name", "optimizer.lr", "model.dropout");
        assertThat(browser.driver.findElements(By.cssSelector("#config-diff tbody tr"))).hasSize(3);
        browser.driver.findElement(By.id("only-differences")).click();
        var rows = browser.driver.findElements(By.cssSelector("#config-diff tbody tr"));
        assertThat(rows).hasSizeGreaterThan(3);
        assertThat(browser.driver.findElement(By.cssSelector("#config-diff tr[data-key='seed']")).getAttribute("class")).doesNotContain("differs");
        assertThat(browser.driver.getCurrentUrl()).contains("diff=all");
    }

    @Test
    void compare_options_live_in_the_url_and_redraw() {
        openSweepCompare(sweep.runIds().subList(0, 2), "x=relative&smooth=0.6&log=1&band=0");
        assertThat(browser.driver.findElement(By.id("log-y")).isSelected()).isTrue();
        assertThat(browser.driver.findElement(By.id("band")).isSelected()).isFalse();
        assertThat(browser.driver.findElement(By.id("x-mode")).getAttribute("value")).isEqualTo("relative");
        var counts = colourCounts("#compare-charts .chart-card[data-metric='loss']", legendColours(), 29);
        assertThat(counts).allSatisfy(count -> assertThat(count).isGreaterThan(30L));
        new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("x-mode"))).selectByValue("wall");
        assertThat(browser.driver.getCurrentUrl()).contains("x=wall").contains("log=1");
        assertThat(colourCounts("#compare-charts .chart-card[data-metric='loss']", legendColours(), 29))
                .allSatisfy(count -> assertThat(count).isGreaterThan(30L));
        assertThat(colourCounts("#parallel-canvas", legendColours(), 29)).allSatisfy(count -> assertThat(count).isGreaterThan(10L));
        assertThat(colourCounts("#scatter-canvas", legendColours(), 29)).allSatisfy(count -> assertThat(count).isGreaterThan(10L));
    }

    @Test
    void zooming_a_compare_chart_asks_the_server_for_finer_buckets() {
        openSweepCompare(sweep.runIds().subList(0, 2), "");
        var over = browser.waitFor("#compare-charts .chart-card[data-metric='loss'] .u-over");
        int width = over.getSize().getWidth();
        new Actions(browser.driver).moveToElement(over, -width / 2 + 20, 0).clickAndHold()
                .moveByOffset(width / 8, 0).release().perform();
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> {
            var xs = (List<?>) browser.js("return document.querySelector(\".chart-card[data-metric='loss']\").sextantChart.plot.data[0]");
            return ((Number) xs.get(xs.size() - 1)).doubleValue() < 200;
        });
        var xs = (List<?>) browser.js("return document.querySelector(\".chart-card[data-metric='loss']\").sextantChart.plot.data[0]");
        assertThat(xs).hasSizeGreaterThan(10); // the zoomed range is drawn from its own buckets, not stretched
    }

    @Test
    void compare_lists_metrics_logged_once_side_by_side_and_charts_the_rest() {
        var experimentId = server.createExperiment("autolog-compare");
        var first = AutologgedRun.create(server, experimentId, "C=0.5", 0.9737);
        var second = AutologgedRun.create(server, experimentId, "C=2", 0.9474);
        open("#/compare?runs=" + first + "," + second);
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> "ready".equals(d.findElement(By.id("compare-charts")).getAttribute("data-state")));
        var row = browser.waitFor("#metric-values tr[data-metric='test_score']");
        assertThat(row.getText()).contains("0.9737", "0.9474");
        assertThat(browser.driver.findElements(By.cssSelector("#compare-charts .chart-card")))
                .extracting(card -> card.getAttribute("data-metric")).containsExactly("loss");
        // The URL names no experiment; both runs share one, so the crumbs lead back to its table.
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> d.findElement(By.cssSelector(".crumbs")).getText().contains("autolog-compare"));
        browser.screenshot("14-compare-values");
    }

    @Test
    void the_default_scatter_of_runs_from_two_experiments_plots_runs_instead_of_an_empty_frame() {
        // Four lr-sweep runs (params lr, optimizer, ...) beside six resnet runs (optimizer.lr, model.dropout, ...):
        // the x must be a param the runs with the y metric have.
        var mixed = new ArrayList<>(runIds.subList(0, 4));
        mixed.addAll(sweep.runIds());
        openCompare(mixed, "");
        var x = browser.driver.findElement(By.id("scatter-x")).getAttribute("value");
        var y = browser.driver.findElement(By.id("scatter-y")).getAttribute("value");
        var dots = ((Number) browser.js("return document.getElementById('scatter-canvas').sextantLayout.dots")).intValue();
        assertThat(dots).as("runs drawn in the scatter of " + x + " against " + y).isGreaterThanOrEqualTo(4);
    }
}
