package dev.sextant.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The experiments page: the list with run counts, and create, rename, delete and restore. */
class ExperimentsUiTest extends UiTestBase {
    ResnetSweep sweep;

    @Override
    void seed() {
        sweep = ResnetSweep.seed(server);
        server.createExperiment("tokenizer-ablation");
    }

    @Test
    void experiments_page_lists_experiments_with_run_counts() {
        open("#/");
        var row = browser.waitFor("tr[data-experiment-id='" + sweep.experimentId() + "']");
        assertThat(row.getText()).contains("resnet-sweep").contains("6");
        assertThat(browser.driver.findElement(By.cssSelector("tbody")).getText()).contains("tokenizer-ablation");
        browser.screenshot("01-experiments");
    }

    @Test
    void experiments_are_created_renamed_deleted_and_restored() {
        open("#/");
        browser.waitFor("#new-experiment-name").sendKeys("scratch-exp" + Keys.ENTER);
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> d.findElement(By.tagName("tbody")).getText().contains("scratch-exp"));
        var scratchRow = rowContaining("scratch-exp");
        scratchRow.findElement(By.xpath(".//button[text()='Rename']")).click();
        var input = browser.waitFor(".rename-input");
        input.clear();
        input.sendKeys("scratch-renamed" + Keys.ENTER);
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> d.findElement(By.tagName("tbody")).getText().contains("scratch-renamed"));
        rowContaining("scratch-renamed").findElement(By.xpath(".//button[text()='Delete']")).click();
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> !d.findElement(By.tagName("tbody")).getText().contains("scratch-renamed"));
        browser.driver.findElement(By.xpath("//button[text()='Deleted']")).click();
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> d.findElement(By.tagName("tbody")).getText().contains("scratch-renamed"));
        browser.screenshot("02-experiments-deleted");
        rowContaining("scratch-renamed").findElement(By.xpath(".//button[text()='Restore']")).click();
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> d.findElements(By.xpath("//td[contains(., 'scratch-renamed')]")).isEmpty());
        assertThat(server.ok("GET", "/api/v1/experiments", null).toString()).contains("scratch-renamed");
    }

    private WebElement rowContaining(String text) {
        return browser.driver.findElement(By.xpath("//tbody/tr[contains(., '" + text + "')]"));
    }
}
