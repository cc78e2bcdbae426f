package dev.sextant.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium through /usr/bin/chromedriver (never Selenium Manager), with a private profile and
 * HOME, timing pages in page time: a script injected before the app runs records, with a MutationObserver, when
 * the first runs-table row appeared.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final String PROBE = """
            window.__bench = {};
            new MutationObserver(() => {
              const b = window.__bench;
              if (!b.firstRow && document.querySelector('#runs-table tbody tr[data-run-id]')) b.firstRow = performance.now();
            }).observe(document, { subtree: true, childList: true, attributes: true });
            """;

    private final ChromeDriver driver;
    private final ChromeDriverService service;

    HeadlessChromium(Path work) throws Exception {
        var home = Files.createDirectories(work.resolve("home"));
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort()
                .withEnvironment(Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.resolve(".config").toString(),
                        "XDG_CACHE_HOME", home.resolve(".cache").toString()))
                .build();
        var options = new ChromeOptions();
        options.setBinary(new File("/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + work.resolve("profile"), "--window-size=1440,900");
        driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", PROBE));
    }

    /** Milliseconds from navigation start until the runs table showed its first row. */
    double firstRunsTableRow(String url) {
        driver.get("about:blank");
        driver.get(url);
        new WebDriverWait(driver, Duration.ofSeconds(120)).until(d -> driver.executeScript("return window.__bench.firstRow") != null);
        return ((Number) driver.executeScript("return window.__bench.firstRow")).doubleValue();
    }

    /**
     * The page's requests up to now, one line each (start and end in page time, waiting and body time, transferred
     * bytes, path), for {@code -Dbench.trace=true}: where a page's time went.
     */
    String trace() {
        return (String) driver.executeScript("""
                return performance.getEntriesByType('resource').map((e) => Math.round(e.startTime) + '-'
                  + Math.round(e.responseEnd) + ' ms (wait ' + Math.round(e.responseStart - e.requestStart) + ', body '
                  + Math.round(e.responseEnd - e.responseStart) + ') ' + e.transferSize + ' B '
                  + e.name.replace(location.origin, '')).join('\\n') + '\\nfirst row ' + Math.round(window.__bench.firstRow);
                """);
    }

    @Override
    public void close() {
        driver.quit();
        service.stop();
    }
}
