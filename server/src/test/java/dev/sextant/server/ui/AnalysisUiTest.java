package dev.sextant.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.ui.SeededServer.Point;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** Issue 16 in the browser: grouped charts whose hover numbers are the API's, an x metric, saved views. */
class AnalysisUiTest extends UiTestBase {
    static final String[] LRS = {"0.1", "0.01", "0.001"};
    static final int RUNS = 24;
    static final long STEPS = 2_000;
    final List<String> runIds = new ArrayList<>();
    String experimentId;

    @Override
    void seed() {
        experimentId = server.createExperiment("lr-sweep-24");
        long start = 1_780_000_000_000L;
        for (int run = 0; run < RUNS; run++) {
            var config = new LinkedHashMap<String, Object>();
            config.put("lr", LRS[run % 3]);
            config.put("seed", run / 3);
            var runId = server.createRun(experimentId, String.format("trial-%02d", run), start + run * 60_000L, config, Map.of());
            var points = new ArrayList<Point>();
            double level = 0.5 + (run % 3) * 0.15;
            for (long step = 0; step <= STEPS; step += 10) {
                double acc = level * (1 - Math.exp(-step / 400.0)) + 0.03 * Math.sin(run * 1.7) + 0.02 * Math.sin(run * 1.7 + step / 90.0);
                points.add(new Point("val/acc", step, acc, start + step * 1000));
                if (step % 100 == 0) points.add(new Point("epoch", step, step / 100.0, start + step * 1000));
            }
            server.log(runId, points);
            runIds.add(runId);
        }
    }

    @Test
    void grouping_the_sweep_by_learning_rate_draws_three_bands_whose_hover_numbers_are_the_apis() {
        openCompare(runIds, "group=params.lr&gband=ci95");
        var css = chart("#compare-charts", "val/acc");
        browser.waitFor(css + " canvas");
        @SuppressWarnings("unchecked")
        var lines = (List<Map<String, Object>>) browser.js("return document.querySelector(arguments[0]).sextantChart.lines()", css);
        assertThat(lines).extracting(line -> line.get("label")).containsExactly("lr=0.001 (8)", "lr=0.01 (8)", "lr=0.1 (8)");
        assertThat(colourCounts(css, lines.stream().map(line -> (String) line.get("color")).toList(), 12))
                .allSatisfy(count -> assertThat(count).isGreaterThan(100));

        pointAt(css, 0.4, 0.5);
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> d.findElements(By.cssSelector(css + " .group-hover-row")).size() == 3);
        int buckets = ((Number) browser.js("return document.querySelector(arguments[0]).sextantChart.plot.data[0].length", css)).intValue();
        var api = server.ok("POST", "/api/v1/metrics/groups", Map.of("run_ids", runIds, "group_by", List.of("params.lr"),
                "key", "val/acc", "buckets", 833));
        for (var row : browser.driver.findElements(By.cssSelector(css + " .group-hover-row"))) {
            var label = row.getAttribute("data-line");
            var group = find(api.get("groups"), label.substring(label.indexOf('=') + 1));
            com.fasterxml.jackson.databind.JsonNode bucket = null;
            for (var b : group.get("buckets")) if (b.get("x_start").asText().equals(row.getAttribute("data-x-start"))) bucket = b;
            assertThat(bucket).as("the API's bucket at x_start " + row.getAttribute("data-x-start")).isNotNull();
            assertThat(Double.parseDouble(row.getAttribute("data-mean"))).isEqualTo(bucket.get("mean").asDouble());
            assertThat(Double.parseDouble(row.getAttribute("data-low"))).isEqualTo(bucket.get("ci95_low").asDouble());
            assertThat(Double.parseDouble(row.getAttribute("data-high"))).isEqualTo(bucket.get("ci95_high").asDouble());
            assertThat(Integer.parseInt(row.getAttribute("data-n"))).isEqualTo(8).isEqualTo(bucket.get("n").asInt());
        }
        assertThat(buckets).isGreaterThan(100);
        screenshot("compare-grouped-by-lr.png");

        browser.driver.findElement(By.id("ungroup")).click();
        browser.waitUpTo(Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector(chart("#compare-charts", "val/acc") + ":not(.group-chart) canvas")).size() == 1);
        assertThat(chartColours(chart("#compare-charts", "val/acc"))).hasSize(RUNS);
    }

    @Test
    void grouping_the_runs_table_collapses_rows_into_groups_with_counts_and_ungroup_returns_them() {
        open("#/experiments/" + experimentId + "?group=params.lr");
        browser.waitUpTo(Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#groups-table .group-row")).size() == 3);
        var rows = browser.driver.findElements(By.cssSelector("#groups-table .group-row"));
        assertThat(rows).extracting(row -> row.findElements(By.tagName("td")).get(1).getText()).containsOnly("8");
        assertThat(browser.driver.findElement(By.id("runs-scroll")).isDisplayed()).isFalse();
        screenshot("runs-table-grouped.png");
        browser.driver.findElement(By.id("ungroup")).click();
        browser.waitUpTo(Duration.ofSeconds(20)).until(d -> d.findElement(By.id("runs-scroll")).isDisplayed());
        assertThat(browser.driver.findElements(By.cssSelector("#groups-table"))).isEmpty();
    }

    @Test
    void a_saved_view_made_default_comes_back_when_the_page_is_opened_again() {
        var filter = "params.lr = '0.01'";
        open("#/experiments/" + experimentId + "?filter=" + java.net.URLEncoder.encode(filter, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20") + "&sort=name:desc");
        browser.waitFor("#save-view");
        browser.waitUpTo(Duration.ofSeconds(20)).until(d -> "ready".equals(d.findElement(By.id("runs-scroll")).getAttribute("data-state")));
        browser.js("window.prompt = () => 'lr 0.01 only';");
        browser.driver.findElement(By.id("save-view")).click();
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("v="));
        browser.waitFor("#default-view").click();
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("view-select")).getText().contains("lr 0.01 only (default)"));

        open("#/experiments/" + experimentId);
        browser.waitUpTo(Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().contains("v="));
        browser.waitUpTo(Duration.ofSeconds(20)).until(d -> "ready".equals(d.findElement(By.id("runs-scroll")).getAttribute("data-state")));
        assertThat(browser.driver.findElement(By.id("run-filter")).getAttribute("value")).isEqualTo(filter);
        assertThat(browser.driver.findElement(By.id("run-count")).getText()).isEqualTo("8 runs");
        var stored = server.ok("GET", "/api/v1/experiments/" + experimentId + "/views", null).get("views");
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).get("state").get("query").asText()).contains("sort=name%3Adesc");
    }

    @Test
    void a_chart_panel_of_val_acc_against_epoch_is_added_kept_in_the_url_and_removed() {
        open("#/experiments/" + experimentId);
        browser.waitFor("#charts-toggle").click();
        browser.waitUpTo(Duration.ofSeconds(30)).until(d -> "ready".equals(d.findElement(By.id("panel-charts")).getAttribute("data-state")));
        // Auto panels: one per metric, by section.
        assertThat(browser.driver.findElements(By.cssSelector("#panel-charts .chart-card"))).hasSize(2);
        browser.driver.findElement(By.id("add-chart")).click();
        new org.openqa.selenium.support.ui.Select(browser.waitFor("#panel-metrics")).selectByValue("val/acc");
        new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("panel-x"))).selectByValue("metric:epoch");
        new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("panel-group"))).selectByValue("params.lr");
        browser.driver.findElement(By.id("panel-create")).click();
        var css = "#panel-charts .chart-card[data-metric='val/acc vs epoch']";
        browser.waitFor(css + " canvas");
        browser.waitUpTo(Duration.ofSeconds(30)).until(d -> "ready".equals(d.findElement(By.id("panel-charts")).getAttribute("data-state")));
        @SuppressWarnings("unchecked")
        var xs = (List<Number>) browser.js("return Array.from(document.querySelector(arguments[0]).sextantChart.plot.data[0])", css);
        assertThat(xs.get(xs.size() - 1).doubleValue()).isLessThanOrEqualTo(20); // epochs, not steps
        @SuppressWarnings("unchecked")
        var lines = (List<Map<String, Object>>) browser.js("return document.querySelector(arguments[0]).sextantChart.lines()", css);
        assertThat(lines).extracting(line -> line.get("label")).containsExactly("lr=0.001 (8)", "lr=0.01 (8)", "lr=0.1 (8)");
        screenshot("experiment-panels.png");

        var url = browser.driver.getCurrentUrl();
        assertThat(url).contains("panels=");
        browser.driver.get("about:blank");
        browser.driver.get(url);
        browser.waitFor(css + " canvas");
        assertThat(browser.driver.findElements(By.cssSelector("#panel-charts .chart-card"))).hasSize(3);
        browser.driver.findElement(By.cssSelector(css + " .panel-remove")).click();
        browser.waitUpTo(Duration.ofSeconds(30)).until(d -> d.findElements(By.cssSelector("#panel-charts .chart-card")).size() == 2);
    }

    @Test
    void the_chart_panels_sit_beside_the_table_and_draw_its_groups_while_it_is_grouped() {
        open("#/experiments/" + experimentId + "?group=params.lr&gband=std&charts=1");
        browser.waitUpTo(Duration.ofSeconds(30)).until(d -> "ready".equals(d.findElement(By.id("panel-charts")).getAttribute("data-state")));
        var table = browser.driver.findElement(By.id("groups-table")).getRect();
        var panels = browser.driver.findElement(By.id("panels")).getRect();
        assertThat(panels.getX()).isGreaterThanOrEqualTo(table.getX() + table.getWidth());
        assertThat(panels.getY()).isLessThan(table.getY() + table.getHeight());
        var css = "#panel-charts .chart-card[data-metric='val/acc']";
        browser.waitFor(css + " canvas");
        @SuppressWarnings("unchecked")
        var lines = (List<Map<String, Object>>) browser.js("return document.querySelector(arguments[0]).sextantChart.lines()", css);
        assertThat(lines).extracting(line -> line.get("label")).containsExactly("lr=0.001 (8)", "lr=0.01 (8)", "lr=0.1 (8)");
        assertThat(browser.driver.findElement(By.id("group-band")).isDisplayed()).isTrue();
        screenshot("experiment-panels-grouped.png");

        // Adding a chart pins the auto panels as they are, without the table's grouping of the moment.
        browser.driver.findElement(By.id("add-chart")).click();
        new org.openqa.selenium.support.ui.Select(browser.waitFor("#panel-metrics")).selectByValue("epoch");
        browser.driver.findElement(By.id("panel-create")).click();
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("panels="));
        var saved = java.net.URLDecoder.decode(browser.driver.getCurrentUrl().replaceAll(".*panels=([^&]*).*", "$1"), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(saved).doesNotContain("groupBy\":[\"params.lr");
    }

    @Test
    void the_runs_one_panel_draws_have_distinct_colours_and_the_tables_swatches_show_the_same_ones() {
        open("#/experiments/" + experimentId + "?charts=1");
        browser.waitUpTo(Duration.ofSeconds(30)).until(d -> "ready".equals(d.findElement(By.id("panel-charts")).getAttribute("data-state")));
        var css = "#panel-charts .chart-card[data-metric='val/acc']";
        browser.waitFor(css + " canvas");
        @SuppressWarnings("unchecked")
        var lines = (List<Map<String, Object>>) browser.js("return document.querySelector(arguments[0]).sextantChart.lines()", css);
        assertThat(lines).hasSize(20); // a panel draws the table's first 20 runs
        var colours = lines.stream().map(line -> (String) line.get("color")).toList();
        assertThat(new java.util.HashSet<>(colours)).as("one colour a run in one chart").hasSize(20);
        assertThat(colourCounts(css, colours, 12)).as("pixels of each run's colour").allSatisfy(count -> assertThat(count).isGreaterThan(20L));
        // The swatch beside each run's name is the colour its line has.
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> {
            @SuppressWarnings("unchecked")
            var swatches = (Map<String, String>) browser.js("""
                    const hex = (rgb) => '#' + rgb.match(/\\d+/g).slice(0, 3).map((c) => Number(c).toString(16).padStart(2, '0')).join('');
                    return Object.fromEntries([...document.querySelectorAll('#runs-table tr[data-run-id]')]
                        .map((tr) => [tr.dataset.runId, hex(getComputedStyle(tr.querySelector('.swatch')).backgroundColor)]));
                    """);
            return lines.stream().allMatch(line -> line.get("color").equals(swatches.get((String) line.get("id"))));
        });
    }

    /** With -Dsextant.screenshots=DIR, saves what the browser shows (how docs/screenshots/ are made). */
    void screenshot(String name) {
        var dir = System.getProperty("sextant.screenshots");
        if (dir == null) return;
        try {
            var png = ((org.openqa.selenium.TakesScreenshot) browser.driver).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
            java.nio.file.Files.write(java.nio.file.Path.of(dir, name), png);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode find(com.fasterxml.jackson.databind.JsonNode groups, String lr) {
        for (var group : groups) if (group.get("group").get("params.lr").asText().equals(lr)) return group;
        throw new AssertionError("no group lr=" + lr);
    }

    @Test
    void choosing_the_std_band_draws_mean_plus_minus_the_apis_sample_std() {
        openCompare(runIds, "group=params.lr");
        new org.openqa.selenium.support.ui.Select(browser.waitFor("#group-band")).selectByValue("std");
        browser.waitUpTo(Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().contains("gband=std"));
        var css = chart("#compare-charts", "val/acc");
        browser.waitUpTo(Duration.ofSeconds(20)).until(d -> "ready".equals(d.findElement(By.id("compare-charts")).getAttribute("data-state")));
        browser.waitFor(css + " canvas");
        pointAt(css, 0.7, 0.5);
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> d.findElements(By.cssSelector(css + " .group-hover-row")).size() == 3);
        var api = server.ok("POST", "/api/v1/metrics/groups", Map.of("run_ids", runIds, "group_by", List.of("params.lr"),
                "key", "val/acc", "buckets", 833));
        int matched = 0;
        for (var row : browser.driver.findElements(By.cssSelector(css + " .group-hover-row"))) {
            var label = row.getAttribute("data-line");
            var group = find(api.get("groups"), label.substring(label.indexOf('=') + 1));
            for (var b : group.get("buckets")) {
                if (!b.get("x_start").asText().equals(row.getAttribute("data-x-start"))) continue;
                matched++;
                double mean = b.get("mean").asDouble();
                double std = b.get("std").asDouble();
                assertThat(Double.parseDouble(row.getAttribute("data-low"))).isEqualTo(mean - std);
                assertThat(Double.parseDouble(row.getAttribute("data-high"))).isEqualTo(mean + std);
            }
        }
        assertThat(matched).isEqualTo(3);
    }

    @Test
    void any_metric_of_the_runs_can_be_the_x_axis_of_the_compare_page() {
        openCompare(runIds.subList(0, 3), "");
        var options = browser.driver.findElements(By.cssSelector("#x-mode option")).stream().map(o -> o.getAttribute("value")).toList();
        assertThat(options).contains("step", "relative", "wall", "metric:epoch", "metric:val/acc");
        new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("x-mode"))).selectByValue("metric:epoch");
        var css = chart("#compare-charts", "val/acc") + ".group-chart";
        browser.waitFor(css + " canvas");
        @SuppressWarnings("unchecked")
        var xs = (List<Number>) browser.js("return Array.from(document.querySelector(arguments[0]).sextantChart.plot.data[0])", css);
        // epoch runs 0..20: the x axis is the epoch, not the step (0..2000).
        assertThat(xs.get(0).doubleValue()).isGreaterThanOrEqualTo(0);
        assertThat(xs.get(xs.size() - 1).doubleValue()).isLessThanOrEqualTo(20);
        assertThat(browser.driver.getCurrentUrl()).contains("x=metric%3Aepoch");
        screenshot("compare-x-epoch.png");
    }
}
