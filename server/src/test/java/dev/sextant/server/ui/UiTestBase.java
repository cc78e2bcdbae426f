package dev.sextant.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * One real server and one headless Chromium for a whole test class (starting them is most of a UI test's
 * cost); each test opens its own page and ends with a clean console. Subclasses seed data in {@link #seed()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UiTestBase {
    Path tempDir;
    SeededServer server;
    Browser browser;
    final List<String> allowedConsoleErrors = new ArrayList<>();

    /** Seeds the server over HTTP before the browser starts. */
    abstract void seed();

    @BeforeAll
    void startServerAndBrowser(@TempDir Path dir) {
        tempDir = dir;
        long start = System.nanoTime();
        server = new SeededServer(tempDir.resolve("data"));
        long started = System.nanoTime();
        seed();
        long seeded = System.nanoTime();
        browser = new Browser(tempDir.resolve("chromium"), 1440, 900);
        System.out.printf("%s: server %.1f s, seeding %.1f s, browser %.1f s%n", getClass().getSimpleName(),
                (started - start) / 1e9, (seeded - started) / 1e9, (System.nanoTime() - seeded) / 1e9);
    }

    @AfterAll
    void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    @AfterEach
    void consoleStaysClean() {
        var errors = browser.consoleErrors().stream()
                .filter(message -> allowedConsoleErrors.stream().noneMatch(message::contains))
                .toList();
        allowedConsoleErrors.clear();
        assertThat(errors).as("browser console errors").isEmpty();
    }

    /** A fresh document each time, so a test never sees the previous view's state. */
    void open(String hash) {
        browser.driver.get("about:blank");
        browser.driver.get(server.baseUrl + "/" + hash);
    }

    void openCompare(List<String> runIds, String extra) {
        open("#/compare?runs=" + String.join(",", runIds) + (extra.isEmpty() ? "" : "&" + extra));
        browser.waitUpTo(Duration.ofSeconds(20)).until(d -> "ready".equals(d.findElement(By.id("compare-charts")).getAttribute("data-state")));
    }

    void openRun(String runId, String query) {
        open("#/runs/" + runId + (query.isEmpty() ? "" : "?" + query));
        browser.waitFor("#metric-charts .chart-card canvas");
    }

    static String chart(String container, String key) {
        return container + " .chart-card[data-metric='" + key + "']";
    }

    /** How many opaque pixels of each colour (#rrggbb, each channel within tolerance) the canvas under css holds. */
    @SuppressWarnings("unchecked")
    List<Long> colourCounts(String css, List<String> colours, int tolerance) {
        return (List<Long>) browser.js("""
                const found = document.querySelector(arguments[0]);
                const canvas = found.tagName === 'CANVAS' ? found : found.querySelector('canvas');
                const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                const targets = arguments[1].map(hex => [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16)));
                const counts = targets.map(() => 0);
                for (let p = 0; p < data.length; p += 4) {
                  if (data[p + 3] < 200) continue;
                  targets.forEach((t, i) => {
                    if (Math.abs(data[p] - t[0]) <= arguments[2] && Math.abs(data[p + 1] - t[1]) <= arguments[2]
                        && Math.abs(data[p + 2] - t[2]) <= arguments[2]) counts[i]++;
                  });
                }
                return counts;
                """, css, colours, tolerance);
    }

    /** The colours a chart draws its runs in, in its run order. */
    @SuppressWarnings("unchecked")
    List<String> chartColours(String chartCss) {
        return (List<String>) browser.js("return document.querySelector(arguments[0]).sextantChart.runs.map(run => run.color)", chartCss);
    }

    /** Moves the mouse to a fraction of a chart's plot area, as a user pointing at it. */
    void pointAt(String chartCss, double fractionX, double fractionY) {
        var over = browser.waitFor(chartCss + " .u-over");
        var size = over.getSize();
        new org.openqa.selenium.interactions.Actions(browser.driver)
                .moveToElement(over, (int) Math.round((fractionX - 0.5) * size.getWidth()), (int) Math.round((fractionY - 0.5) * size.getHeight()))
                .perform();
    }

    /** Text nodes in the view that read "null", "undefined" or "NaN" on their own: a value that leaked into the page. */
    @SuppressWarnings("unchecked")
    List<String> strayTexts() {
        return (List<String>) browser.js("""
                const walker = document.createTreeWalker(document.getElementById('view'), NodeFilter.SHOW_TEXT);
                const found = [];
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                  if (/^(null|undefined|NaN)+$/.test(node.textContent.trim())) found.push(node.parentElement.className + ': ' + node.textContent);
                }
                return found;
                """);
    }

    double number(Object value) {
        return ((Number) value).doubleValue();
    }
}
