package dev.sextant.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The Models page in headless Chromium: registered models, their versions with runs and aliases, and the run page's links. */
class ModelsPageUiTest extends UiTestBase {
    String runId;

    @Override
    void seed() {
        var experimentId = server.createExperiment("iris");
        runId = server.createRun(experimentId, "tree-depth-3", System.currentTimeMillis(), Map.of("depth", 3), Map.of());
        server.ok("POST", "/api/2.0/mlflow/registered-models/create", Map.of("name", "iris-classifier", "description", "the flower model"));
        server.ok("POST", "/api/2.0/mlflow/model-versions/create", Map.of("name", "iris-classifier",
                "source", "mlflow-artifacts:/" + experimentId + "/" + runId + "/artifacts/model", "run_id", runId));
        server.ok("POST", "/api/2.0/mlflow/registered-models/alias", Map.of("name", "iris-classifier", "alias", "champion", "version", "1"));
    }

    @Test
    void the_models_page_lists_registered_models_with_their_aliases() {
        open("#/models");
        var link = browser.waitFor("a.model-link");
        assertThat(link.getText()).isEqualTo("iris-classifier");
        assertThat(browser.driver.findElement(By.cssSelector("tbody")).getText()).contains("the flower model", "@champion → v1");
        browser.screenshot("models-list");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void a_model_shows_each_version_with_the_run_it_came_from() {
        open("#/models/iris-classifier");
        var runLink = browser.waitFor("tr[data-version='1'] a.run-link");
        assertThat(browser.driver.findElement(By.cssSelector("tr[data-version='1']")).getText()).contains("v1", "None", "@champion");
        runLink.click();
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().endsWith("#/runs/" + runId));
        browser.screenshot("model-versions");
    }

    @Test
    void the_run_page_links_the_versions_registered_from_the_run() {
        open("#/runs/" + runId);
        var link = browser.waitFor("#registered-models a.model-link");
        assertThat(link.getText()).isEqualTo("iris-classifier v1");
        assertThat(link.getAttribute("href")).endsWith("#/models/iris-classifier");
        assertThat(browser.consoleErrors().stream().filter(e -> !e.contains("favicon")).toList()).isEqualTo(List.of());
    }
}
