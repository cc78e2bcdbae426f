package dev.sextant.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.ui.SeededServer.Point;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.devtools.v156.fetch.Fetch;
import org.openqa.selenium.devtools.v156.fetch.model.RequestPattern;
import org.openqa.selenium.devtools.v156.fetch.model.RequestStage;
import org.openqa.selenium.devtools.v156.network.Network;
import org.openqa.selenium.interactions.Actions;

/**
 * The runs table with 20 finished runs, 2 running ones and 40 columns: CSV export, live updates that touch
 * only changed cells, pinned and resizable columns, sort direction, scroll kept on Back, the picker. On the
 * six-run {@link ResnetSweep}: attributes and summaries, sorting, filters, selection, delete and restore.
 */
class RunsTableUiTest extends UiTestBase {
    static final int FINISHED = 20;
    static final long START_MS = 1_796_192_987_123L; // 2026-12-02T06:29:47.123Z
    static final double PRECISE = 0.95399150742106;
    String experimentId;
    final List<String> finished = new ArrayList<>();
    final List<String> running = new ArrayList<>();
    ResnetSweep sweep;

    @Override
    void seed() {
        experimentId = server.createExperiment("wide-sweep");
        for (int run = 0; run < FINISHED + 2; run++) {
            var config = new LinkedHashMap<String, Object>();
            for (int p = 1; p <= 18; p++) config.put(String.format("p%02d", p), p % 3 == 0 ? run * p : p); // every third varies
            config.put("optimizer", run == 0 ? "adam, w/ decay" : "adam");
            config.put("seed", 42);
            long start = START_MS + run * 60_000L;
            var runId = server.createRun(experimentId, String.format("trial-%02d", run), start, config,
                    run == 0 ? Map.of("team", "vision", "note", "two\nlines") : Map.of("team", "vision"));
            var points = new ArrayList<Point>();
            for (int m = 0; m < 12; m++) points.add(new Point(String.format("metric_%02d", m), 10, m == 5 ? 1.0 : run * 0.25 + m, start + 10_000));
            points.add(new Point("val/accuracy_top5_ema", 10, run == 0 ? PRECISE : 0.5 + run / 100.0, start + 10_000));
            points.add(new Point("train/loss", 10, run == 0 ? Double.NaN : 1.0 / (run + 1), start + 10_000));
            server.log(runId, points);
            if (run < FINISHED) {
                server.finish(runId, start + 3_004_500L);
                finished.add(runId);
            } else {
                running.add(runId);
            }
        }
        sweep = ResnetSweep.seed(server);
    }

    void openTable(String query) {
        open("#/experiments/" + experimentId + (query.isEmpty() ? "" : "?" + query));
        browser.waitUpTo(Duration.ofSeconds(15)).until(d -> "ready".equals(d.findElement(By.id("runs-scroll")).getAttribute("data-state")));
    }

    @SuppressWarnings("unchecked")
    List<String> column(String columnId) {
        return (List<String>) browser.js("""
                const ths = [...document.querySelectorAll('#runs-table thead th')];
                const index = ths.findIndex(th => th.dataset.col === arguments[0]);
                return [...document.querySelectorAll('#runs-table tbody tr[data-run-id]')].map(tr => tr.children[index].textContent);
                """, columnId);
    }

    /** RFC 4180, enough to read back what the page exported. */
    static List<List<String>> parseCsv(String text) {
        var rows = new ArrayList<List<String>>();
        var row = new ArrayList<String>();
        var field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') { field.append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.append(c);
            } else if (c == '"') quoted = true;
            else if (c == ',') { row.add(field.toString()); field.setLength(0); }
            else if (c == '\n') { row.add(field.toString()); field.setLength(0); rows.add(row); row = new ArrayList<>(); }
            else if (c != '\r') field.append(c);
        }
        return rows;
    }

    @Test
    void csv_export_has_full_precision_iso_times_seconds_and_a_column_per_param_metric_and_tag() throws Exception {
        openTable("sort=name:asc");
        browser.driver.findElement(By.id("export-csv")).click();
        var file = tempDir.resolve("chromium/downloads/runs-" + experimentId + ".csv");
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> Files.exists(file) && file.toFile().length() > 0);
        var rows = parseCsv(Files.readString(file));
        assertThat(rows).hasSize(1 + FINISHED + 2);
        var header = rows.get(0);
        assertThat(header.subList(0, 8)).containsExactly("run_id", "name", "experiment_id", "status", "user", "start_time", "end_time", "duration_s");
        assertThat(header).contains("params.p01", "params.p18", "params.optimizer", "params.seed", "metrics.metric_00", "metrics.metric_11",
                "metrics.val/accuracy_top5_ema", "metrics.train/loss", "tags.team", "tags.note");
        assertThat(header).hasSize(8 + 20 + 14 + 2);
        var first = rows.get(1);
        var cell = (java.util.function.Function<String, String>) name -> first.get(header.indexOf(name));
        assertThat(cell.apply("name")).isEqualTo("trial-00");
        assertThat(cell.apply("metrics.val/accuracy_top5_ema")).isEqualTo("0.95399150742106");
        assertThat(Double.parseDouble(cell.apply("metrics.val/accuracy_top5_ema"))).isEqualTo(PRECISE);
        assertThat(cell.apply("metrics.train/loss")).isEqualTo("NaN");
        assertThat(cell.apply("start_time")).isEqualTo("2026-12-02T06:29:47.123Z");
        assertThat(cell.apply("end_time")).isEqualTo("2026-12-02T07:19:51.623Z");
        assertThat(cell.apply("duration_s")).isEqualTo("3004.5");
        assertThat(cell.apply("params.optimizer")).isEqualTo("adam, w/ decay");
        assertThat(cell.apply("params.p03")).isEqualTo("0");
        assertThat(cell.apply("tags.note")).isEqualTo("two\nlines");
        assertThat(cell.apply("status")).isEqualTo("FINISHED");
    }

    @Test
    @SuppressWarnings("unchecked")
    void live_updates_change_only_changed_cells_and_keep_selection_focus_scroll_and_open_menus() throws Exception {
        openTable("sort=name:asc");
        var runningId = running.get(0);
        var loss = new AtomicLong(500);
        var stop = new AtomicBoolean();
        var logger = new Thread(() -> {
            for (long step = 11; !stop.get(); step++) {
                server.log(runningId, List.of(new Point("train/loss", step, loss.incrementAndGet() / 1000.0, START_MS + step * 1000)));
                try { Thread.sleep(300); } catch (InterruptedException e) { return; }
            }
        });
        browser.js("""
                window.__changed = new Set();
                document.querySelectorAll('#runs-table tbody tr[data-run-id]').forEach(tr => { tr.__original = true; });
                new MutationObserver(records => records.forEach(r => {
                  const target = r.target.nodeType === 1 ? r.target : r.target.parentElement;
                  const td = target.closest('td');
                  if (td && !td.classList.contains('check')) window.__changed.add(td.closest('tr').dataset.runId);
                })).observe(document.querySelector('#runs-table tbody'), { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['title', 'class'] });
                """);
        try {
            logger.start();
            var scroller = browser.driver.findElement(By.id("runs-scroll"));
            browser.js("arguments[0].scrollLeft = 300", scroller);
            browser.driver.findElement(By.id("column-picker")).click(); // an open menu
            var boxes = browser.driver.findElements(By.cssSelector("#runs-table tbody input[data-run]"));
            assertThat(boxes).hasSize(FINISHED + 2);
            // Twenty clicks at human speed while the table refreshes every second.
            for (int i = 0; i < FINISHED; i++) {
                boxes.get(i).click();
                Thread.sleep(150);
            }
            // A text selection and the focus, then two more live ticks.
            browser.js("""
                    const a = document.querySelector(`#runs-table tr[data-run-id='${arguments[0]}'] .name-cell a`);
                    const range = document.createRange(); range.selectNodeContents(a);
                    getSelection().removeAllRanges(); getSelection().addRange(range);
                    document.querySelector(`#runs-table input[data-run='${arguments[1]}']`).focus();
                    """, finished.get(3), finished.get(4));
            long before = loss.get();
            browser.waitUpTo(Duration.ofSeconds(10)).until(d -> {
                var shown = column("m:last:train/loss").get(FINISHED);
                return !shown.isEmpty() && Double.parseDouble(shown) * 1000 > before + 3;
            });
            assertThat(browser.driver.findElement(By.id("compare-button")).getText()).isEqualTo("Compare 20 runs");
            assertThat((List<Boolean>) browser.js("return [...document.querySelectorAll('#runs-table tbody input[data-run]')].map(b => b.checked)"))
                    .containsExactly(booleans(FINISHED, 2));
            assertThat(browser.js("return getSelection().toString()")).isEqualTo("trial-03");
            assertThat(browser.js("return document.activeElement.dataset.run")).isEqualTo(finished.get(4));
            assertThat(number(browser.js("return arguments[0].scrollLeft", scroller))).isEqualTo(300);
            assertThat(browser.driver.findElement(By.cssSelector("details.column-picker")).getAttribute("open")).isNotNull();
            assertThat((Boolean) browser.js("return [...document.querySelectorAll('#runs-table tbody tr[data-run-id]')].every(tr => tr.__original)"))
                    .as("no row was re-created").isTrue();
            assertThat((List<String>) browser.js("return [...window.__changed]")).as("rows whose cells changed")
                    .isSubsetOf(running).contains(runningId);
        } finally {
            stop.set(true);
            logger.join();
        }
        // The running run's cell shows the last value logged.
        long last = loss.get();
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> column("m:last:train/loss").get(FINISHED).equals(String.valueOf(last / 1000.0)));
    }

    static Boolean[] booleans(int trues, int falses) {
        var all = new Boolean[trues + falses];
        for (int i = 0; i < all.length; i++) all[i] = i < trues;
        return all;
    }

    double left(String css) {
        return number(browser.js("return document.querySelector(arguments[0]).getBoundingClientRect().left", css));
    }

    @Test
    @SuppressWarnings("unchecked")
    void name_and_checkbox_stay_pinned_columns_resize_show_full_names_and_constant_ones_hide() {
        openTable("sort=name:asc");
        var headers = (List<String>) browser.js("return [...document.querySelectorAll('#runs-table thead th[data-col]')].map(th => th.dataset.col)");
        assertThat(headers).hasSize(6 + 20 + 14).as("40 columns");
        double scrollerLeft = left("#runs-scroll");
        browser.js("document.getElementById('runs-scroll').scrollLeft = 2500");
        browser.waitUpTo(Duration.ofSeconds(2)).until(d -> number(browser.js("return document.getElementById('runs-scroll').scrollLeft")) > 2000);
        var name = "#runs-table tbody tr[data-run-id] td.name-cell";
        assertThat(left("#runs-table tbody tr[data-run-id] td.check")).isEqualTo(scrollerLeft, org.assertj.core.api.Assertions.within(1.0));
        assertThat(left(name)).isEqualTo(scrollerLeft + 36, org.assertj.core.api.Assertions.within(1.0));
        assertThat(left("#runs-table thead th[data-col='name']")).isEqualTo(scrollerLeft + 36, org.assertj.core.api.Assertions.within(1.0));
        // What is at the name cell's place is the name cell itself, not a cell scrolled under it.
        assertThat(browser.js("""
                const r = document.querySelector(arguments[0]).getBoundingClientRect();
                return document.elementFromPoint(r.left + 20, r.top + r.height / 2).closest('td').classList.contains('name-cell');
                """, name)).isEqualTo(true);
        browser.screenshot("runs-table-40-columns");

        // A long metric name is shown whole (its column is wide enough) and in full on hover.
        var longName = "th[data-col='m:last:val/accuracy_top5_ema']";
        browser.js("document.querySelector(arguments[0]).scrollIntoView({ inline: 'center' })", longName);
        assertThat(browser.driver.findElement(By.cssSelector(longName + " .th-button")).getAttribute("title"))
                .startsWith("val/accuracy_top5_ema (last)");
        assertThat(browser.js("const l = document.querySelector(arguments[0] + ' .th-label'); return l.scrollWidth <= l.clientWidth", longName)).isEqualTo(true);

        // Dragging a column's edge resizes it, and the width is kept.
        browser.js("document.getElementById('runs-scroll').scrollLeft = 0");
        var p03 = "th[data-col='p:p03']";
        double before = number(browser.js("return document.querySelector(arguments[0]).getBoundingClientRect().width", p03));
        new Actions(browser.driver).moveToElement(browser.driver.findElement(By.cssSelector(p03 + " .col-resize")))
                .clickAndHold().moveByOffset(80, 0).release().perform();
        double after = number(browser.js("return document.querySelector(arguments[0]).getBoundingClientRect().width", p03));
        assertThat(after - before).isEqualTo(80, org.assertj.core.api.Assertions.within(2.0));
        openTable("sort=name:asc");
        assertThat(number(browser.js("return document.querySelector(arguments[0]).getBoundingClientRect().width", p03)))
                .isEqualTo(after, org.assertj.core.api.Assertions.within(1.0));

        // Constant columns hidden: the user, 12 of the p.. params, seed and metric_05 have one value in every run.
        browser.driver.findElement(By.id("column-picker")).click();
        browser.waitFor("#hide-constant").click();
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> d.getCurrentUrl().contains("hide=constant"));
        var shown = (List<String>) browser.js("return [...document.querySelectorAll('#runs-table thead th[data-col]')].map(th => th.dataset.col)");
        assertThat(shown).contains("name", "status", "start", "duration", "p:p03", "p:p18", "p:optimizer", "m:last:metric_00", "m:last:train/loss")
                .doesNotContain("user", "p:p01", "p:p02", "p:seed", "m:last:metric_05");
        assertThat(shown).hasSize(5 + 7 + 13);
    }

    @Test
    void the_first_click_sorts_a_metric_best_first_and_a_name_a_to_z() {
        openTable("");
        browser.driver.findElement(By.cssSelector("th[data-col='m:last:metric_00'] button")).click();
        var values = column("m:last:metric_00").stream().map(Double::parseDouble).toList();
        assertThat(values).isSortedAccordingTo(java.util.Comparator.reverseOrder()).hasSize(FINISHED + 2);
        assertThat(browser.driver.findElement(By.cssSelector("th[data-col='m:last:metric_00']")).getAttribute("aria-sort")).isEqualTo("descending");
        assertThat(browser.driver.getCurrentUrl()).contains("sort=m%3Alast%3Ametric_00%3Adesc");
        browser.driver.findElement(By.cssSelector("th[data-col='name'] button")).click();
        assertThat(column("name")).isSorted();
    }

    @Test
    @SuppressWarnings("unchecked")
    void back_from_a_run_restores_the_tables_scroll_and_the_column_pickers_reset_button_is_whole() {
        openTable("sort=name:asc");
        browser.js("const s = document.getElementById('runs-scroll'); s.scrollLeft = 600");
        browser.waitUpTo(Duration.ofSeconds(2)).until(d -> number(browser.js("return history.state && history.state.runsScroll ? history.state.runsScroll.left : 0")) == 600);
        browser.driver.findElement(By.cssSelector("#runs-table tbody tr[data-run-id] td.name-cell a")).click();
        browser.waitFor("#run-name");
        browser.driver.navigate().back();
        browser.waitUpTo(Duration.ofSeconds(15)).until(d -> "ready".equals(d.findElement(By.id("runs-scroll")).getAttribute("data-state")));
        assertThat(number(browser.js("return document.getElementById('runs-scroll').scrollLeft"))).isEqualTo(600);

        browser.driver.findElement(By.id("column-picker")).click();
        var reset = browser.waitFor("#reset-columns");
        var inside = browser.js("""
                const b = arguments[0].getBoundingClientRect(), p = document.getElementById('picker-panel').getBoundingClientRect();
                return [b.left >= p.left, b.right <= p.right - 1, arguments[0].scrollWidth <= arguments[0].clientWidth];
                """, reset);
        assertThat((List<Boolean>) inside).containsExactly(true, true, true);
        browser.screenshot("runs-table-column-picker");
    }

    void openSweepTable(String query) {
        open("#/experiments/" + sweep.experimentId() + (query.isEmpty() ? "" : "?" + query));
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> "ready".equals(d.findElement(By.id("runs-scroll")).getAttribute("data-state")));
    }

    @Test
    void runs_are_deleted_from_the_table_and_restored_from_the_deleted_tab() {
        var experimentId = server.createExperiment("lifecycle-demo");
        var ids = new ArrayList<String>();
        for (int i = 0; i < 3; i++) ids.add(server.createRun(experimentId, "trial-" + i, 1_700_000_000_000L + i, Map.of(), Map.of()));
        open("#/experiments/" + experimentId);
        waitForTable(3);
        var boxes = browser.driver.findElements(By.cssSelector("#runs-table tbody input[data-run]"));
        boxes.get(0).click();
        boxes.get(1).click();
        var delete = browser.driver.findElement(By.id("delete-runs"));
        assertThat(delete.getText()).isEqualTo("Delete 2 runs");
        delete.click();
        waitForTable(1);
        assertThat(browser.driver.findElement(By.id("runs-message")).getText()).contains("Deleted 2 runs", "under Deleted");
        assertThat(lifecycles(ids)).containsExactly("active", "deleted", "deleted"); // newest first: trial-2 and -1 were the first rows

        browser.driver.findElement(By.xpath("//div[@id='run-view']/button[text()='Deleted']")).click();
        waitForTable(2);
        assertThat(browser.driver.getCurrentUrl()).contains("view=deleted");
        browser.screenshot("12-deleted-runs");
        browser.driver.findElements(By.cssSelector("#runs-table tbody input[data-run]")).get(0).click();
        browser.driver.findElement(By.id("restore-runs")).click();
        waitForTable(1);
        assertThat(lifecycles(ids)).containsExactly("active", "deleted", "active");

        open("#/runs/" + ids.get(1)); // the run page says it is deleted and can restore it
        browser.waitFor("#run-deleted");
        browser.waitFor("#restore-run").click();
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> d.findElements(By.id("run-deleted")).isEmpty());
        assertThat(lifecycles(ids)).containsOnly("active");

        server.ok("DELETE", "/api/v1/experiments/" + experimentId, null); // takes its runs along
        open("#/experiments/" + experimentId);
        waitForTable(0);
        assertThat(browser.waitFor("#experiment-deleted").getText()).contains("This experiment is deleted");
        browser.driver.findElement(By.xpath("//div[@id='run-view']/button[text()='Deleted']")).click();
        waitForTable(3);
    }

    @Test
    void nested_runs_name_their_parent_in_a_column_that_groups_them_when_sorted() {
        var experimentId = server.createExperiment("nested-demo");
        var parent = server.createRun(experimentId, "grid-search", 1_700_000_000_000L, Map.of(), Map.of());
        for (int i = 0; i < 2; i++) {
            server.ok("POST", "/api/v1/runs", Map.of("experiment_id", experimentId, "name", "trial-" + i,
                    "parent_run_id", parent, "start_time_ms", 1_700_000_000_001L + i));
        }
        server.createRun(experimentId, "baseline", 1_700_000_000_010L, Map.of(), Map.of());
        open("#/experiments/" + experimentId + "?sort=parent:desc");
        waitForTable(4);
        assertThat(column("name")).startsWith("trial-1", "trial-0");
        assertThat(column("parent")).containsExactly("grid-search", "grid-search", "", "");
    }

    private void waitForTable(int rows) {
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> "ready".equals(d.findElement(By.id("runs-scroll")).getAttribute("data-state"))
                && d.findElements(By.cssSelector("#runs-table tbody tr[data-run-id]")).size() == rows);
    }

    private List<String> lifecycles(List<String> runIds) {
        return runIds.stream().map(id -> server.ok("GET", "/api/v1/runs/" + id, null).path("lifecycle_stage").asText()).toList();
    }

    @Test
    void runs_table_shows_attributes_params_and_metric_summaries() {
        openSweepTable("");
        assertThat(column("name")).hasSize(6);
        var headers = browser.driver.findElement(By.cssSelector("#runs-table thead")).getText();
        assertThat(headers).contains("Status", "Started", "Duration", "User", "Tags", "optimizer.lr", "optimizer.name", "loss", "accuracy");
        assertThat(column("status")).containsOnly("FINISHED");
        assertThat(column("p:optimizer.name")).containsExactlyInAnyOrder(ResnetSweep.OPTIMIZERS);
        assertThat(browser.driver.findElement(By.id("run-count")).getText()).isEqualTo("6 runs");
        // Chips are cut to fit; the cell's tooltip has every tag in full.
        assertThat(browser.driver.findElement(By.cssSelector("#runs-table tbody td.tags-cell")).getAttribute("title"))
                .contains("team=vision").contains("stage=");
        browser.screenshot("03-runs-table");
    }

    @Test
    void runs_table_sorts_by_a_metric_column_both_ways_and_keeps_it_in_the_url() {
        openSweepTable("");
        browser.driver.findElement(By.cssSelector("th[data-col='m:last:loss'] button")).click();
        var descending = column("m:last:loss").stream().map(Double::parseDouble).toList();
        assertThat(descending).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        browser.driver.findElement(By.cssSelector("th[data-col='m:last:loss'] button")).click();
        var ascending = column("m:last:loss").stream().map(Double::parseDouble).toList();
        assertThat(ascending).isSorted();
        assertThat(browser.driver.getCurrentUrl()).contains("sort=m%3Alast%3Aloss%3Aasc");

        openSweepTable("sort=p%3Aoptimizer.lr%3Aasc");
        var lrs = column("p:optimizer.lr").stream().map(Double::parseDouble).toList();
        assertThat(lrs).isSorted().hasSize(6);
    }

    @Test
    void column_picker_adds_min_and_max_columns() {
        openSweepTable("");
        assertThat(browser.driver.findElements(By.cssSelector("th[data-col='m:min:loss']"))).isEmpty();
        browser.driver.findElement(By.id("column-picker")).click();
        browser.waitFor("input[data-col='m:min:loss']").click();
        browser.waitFor("th[data-col='m:min:loss']");
        assertThat(browser.driver.getCurrentUrl()).contains("cols=");
        browser.screenshot("04-column-picker");
    }

    @Test
    void a_bad_filter_shows_the_server_message_inline() {
        allowedConsoleErrors.add("400 (Bad Request)");
        openSweepTable("");
        var filter = browser.driver.findElement(By.id("run-filter"));
        filter.sendKeys("metrics.loss <<< banana" + Keys.ENTER);
        var error = browser.waitFor("#filter-error");
        var apiMessage = server.send("POST", "/api/v1/runs/search",
                Map.of("experiment_ids", List.of(sweep.experimentId()), "filter", "metrics.loss <<< banana")).json().get("message").asText();
        assertThat(error.getText()).contains(apiMessage);
        assertThat(browser.driver.getCurrentUrl()).contains("filter=");
        browser.screenshot("05-filter-error");
    }

    @Test
    void a_table_opened_by_its_url_asks_for_its_first_page_and_saved_views_once_before_its_modules_are_in() {
        for (var query : List.of("", "filter=" + URLEncoder.encode("params.`optimizer.name` = 'sgd'", StandardCharsets.UTF_8),
                "view=deleted", "sort=p%3Aoptimizer.lr%3Aasc", "sort=m%3Alast%3Aloss%3Adesc", "sort=name%3Aasc")) {
            openSweepTable(query);
            @SuppressWarnings("unchecked")
            var asked = (Map<String, Object>) browser.js("""
                    const entries = performance.getEntriesByType('resource');
                    const count = (part) => entries.filter((e) => e.name.includes(part)).length;
                    const start = (part) => entries.find((e) => e.name.includes(part)).startTime;
                    return { searches: count('/api/v1/runs/search'), views: entries.filter((e) => e.name.endsWith('/views')).length,
                      searchBeforeQueryModule: start('/api/v1/runs/search') < start('/js/runs-query.js') };
                    """);
            assertThat(asked).as(query).containsEntry("searches", 1L).containsEntry("views", 1L);
            // A sort by a fixed column is left to the table (the early module does not know those columns' order_by).
            assertThat(asked).as(query).containsEntry("searchBeforeQueryModule", !query.startsWith("sort=name"));
        }
        assertThat(column("name")).hasSize(6).isSorted(); // the last query's
    }

    /** From now on the page's run searches are held (never answered) and recorded, each with whether it was aborted. */
    void holdRunSearches() {
        browser.js("""
                window.__held = [];
                window.__fetch = window.fetch;
                window.fetch = (url, init = {}) => {
                  if (!String(url).includes('/api/v1/runs/search')) return window.__fetch(url, init);
                  const held = { aborted: false, abortable: Boolean(init.signal) };
                  window.__held.push(held);
                  return new Promise((resolve, reject) => init.signal && init.signal.addEventListener('abort', () => {
                    held.aborted = true;
                    reject(new DOMException('aborted', 'AbortError'));
                  }));
                };
                """);
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> heldSearches() {
        return (List<Map<String, Object>>) browser.js("return window.__held");
    }

    @Test
    void a_table_left_while_it_loads_aborts_its_page_request_and_loads_again_when_shown_from_the_cache() {
        openSweepTable("");
        holdRunSearches();
        browser.driver.findElement(By.id("run-filter")).sendKeys("params.`optimizer.name` = 'sgd'" + Keys.ENTER);
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> heldSearches().size() == 1);
        // Hidden for the back-forward cache: the page's requests would stay open and the server would go on
        // writing its answer, while the next page's first search waits behind it.
        browser.js("window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }))");
        assertThat(heldSearches()).singleElement().isEqualTo(Map.of("aborted", true, "abortable", true));
        browser.js("window.fetch = window.__fetch; window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))");
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> "ready".equals(d.findElement(By.id("runs-scroll")).getAttribute("data-state")));
        assertThat(column("p:optimizer.name")).containsOnly("sgd").hasSize(2);

        holdRunSearches();
        browser.driver.findElement(By.id("run-filter")).sendKeys(Keys.chord(Keys.CONTROL, "a"), "params.`optimizer.name` = 'adam'" + Keys.ENTER);
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> heldSearches().size() == 1);
        browser.js("location.hash = '#/'"); // another view of the app
        browser.waitFor("#new-experiment-name");
        assertThat(heldSearches()).singleElement().isEqualTo(Map.of("aborted", true, "abortable", true));
    }

    @Test
    void a_table_opened_by_its_url_asks_for_its_first_page_while_the_pages_blocking_script_still_loads() throws Exception {
        // uPlot's script (a classic script in the head) stops the parser until it is in; the first search must not
        // wait for it. Held here until the search has been asked (at most 5 s), through the DevTools Fetch domain.
        var devTools = browser.driver.getDevTools();
        devTools.createSessionIfThereIsNotOne();
        var uplotReleased = new AtomicBoolean();
        var searchBeforeUplot = new java.util.concurrent.CompletableFuture<Boolean>();
        devTools.addListener(Fetch.requestPaused(), paused -> {
            boolean uplot = paused.getRequest().getUrl().contains("uPlot.iife");
            if (!uplot) searchBeforeUplot.complete(!uplotReleased.get());
            java.util.concurrent.CompletableFuture.runAsync(() -> {
                if (uplot) {
                    searchBeforeUplot.completeOnTimeout(false, 5, java.util.concurrent.TimeUnit.SECONDS).join();
                    uplotReleased.set(true);
                }
                devTools.send(Fetch.continueRequest(paused.getRequestId(), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty()));
            });
        });
        devTools.send(Network.enable(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        devTools.send(Network.setCacheDisabled(true)); // else uPlot comes from the cache, unseen by the Fetch domain
        devTools.send(Fetch.enable(Optional.of(List.of(
                new RequestPattern(Optional.of("*uPlot.iife.min.js"), Optional.empty(), Optional.of(RequestStage.REQUEST)),
                new RequestPattern(Optional.of("*/api/v1/runs/search"), Optional.empty(), Optional.of(RequestStage.REQUEST)))),
                Optional.empty()));
        try {
            openSweepTable("");
            assertThat(searchBeforeUplot.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("search asked before uPlot's script was in").isTrue();
        } finally {
            devTools.send(Fetch.disable());
            devTools.send(Network.setCacheDisabled(false));
            devTools.send(Network.disable());
            devTools.clearListeners();
        }
        assertThat(column("name")).hasSize(6);
    }

    @Test
    void a_filter_narrows_the_table() {
        openSweepTable("filter=" + URLEncoder.encode("params.`optimizer.name` = 'sgd'", StandardCharsets.UTF_8));
        assertThat(column("p:optimizer.name")).containsOnly("sgd").hasSize(2);
    }

    @Test
    void selecting_runs_enables_compare_and_keeps_the_selection_in_the_url() {
        openSweepTable("");
        var boxes = browser.driver.findElements(By.cssSelector("#runs-table tbody input[data-run]"));
        boxes.get(0).click();
        boxes.get(2).click();
        var compare = browser.driver.findElement(By.id("compare-button"));
        assertThat(compare.getText()).isEqualTo("Compare 2 runs");
        assertThat(browser.driver.getCurrentUrl()).contains("sel=");
        compare.click();
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> "ready".equals(d.findElement(By.id("compare-charts")).getAttribute("data-state")));
        assertThat(browser.driver.findElements(By.cssSelector("#legend .legend-item"))).hasSize(2);
    }

    @Test
    void csv_export_downloads_every_run_with_its_params_metrics_and_tags() throws Exception {
        openSweepTable("");
        browser.driver.findElement(By.id("export-csv")).click();
        var file = tempDir.resolve("chromium/downloads/runs-" + sweep.experimentId() + ".csv");
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> Files.exists(file));
        var lines = Files.readAllLines(file);
        assertThat(lines).hasSize(7);
        assertThat(lines.get(0)).startsWith("run_id,name,experiment_id,status").contains("params.optimizer.lr", "metrics.loss", "tags.team");
    }

    @Test
    void numbers_in_cells_keep_five_significant_digits_without_trailing_zeros() {
        open("#/");
        browser.waitFor(".experiments-table");
        var shown = browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/js/format.js').then((m) => done([0.00025, 0.000123456, 1234567.5, 0.95399150742106, 2.5e-10, -3.5e7, 1.00001e-5].map(m.formatNumber)));
                """);
        assertThat(shown).isEqualTo(List.of("2.5e-4", "1.2346e-4", "1.2346e+6", "0.95399", "2.5e-10", "-35000000", "1e-5"));
    }
}
