package dev.sextant.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/** The Sweeps tab and a sweep's page in headless Chromium, on a sweep whose trials ran over the API. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SweepUiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    Server server;
    Browser browser;
    String baseUrl;
    String sweepId;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dir.resolve("data")));
        baseUrl = "http://127.0.0.1:" + server.port();
        sweepId = JSON.readTree(send("POST", "/api/v1/sweeps", """
                {"experiment_id":"0","name":"ui-sweep","config":{"method":"random","seed":1,"run_cap":20,
                 "metric":{"name":"loss","goal":"minimize"},
                 "parameters":{"lr":{"distribution":"log_uniform","min":1e-4,"max":1},"opt":{"values":["adam","sgd"]}}}}"""))
                .get("sweep_id").asText();
        for (int i = 0; i < 8; i++) {
            var trial = JSON.readTree(send("POST", "/api/v1/sweeps/" + sweepId + "/next", ""));
            var runId = trial.get("run_id").asText();
            double loss = Math.abs(Math.log10(trial.at("/config/lr").asDouble()) + 2);
            send("POST", "/api/v1/runs/" + runId + "/metrics", "{\"metrics\":[{\"key\":\"loss\",\"value\":" + loss + ",\"step\":0}]}");
            send("PATCH", "/api/v1/runs/" + runId, "{\"status\":\"FINISHED\"}");
        }
        browser = new Browser(dir.resolve("chromium"), 1280, 1000);
    }

    @AfterAll
    void stop() {
        if (browser != null) browser.close();
        server.close();
    }

    String send(String method, String path, String json) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " " + response.body()).isBetween(200, 299);
        return response.body();
    }

    @Test
    void the_sweeps_tab_leads_to_a_sweep_page_with_trials_charts_and_importance() {
        browser.consoleErrors(); // reading empties the log: what an earlier test's refused config printed is gone
        browser.driver.get(baseUrl + "/#/experiments/0");
        browser.waitFor("#sweeps-link").click();
        browser.waitFor("#sweeps-table tr[data-sweep='" + sweepId + "'] a").click();
        browser.waitFor("#trials-table");
        assertThat(browser.driver.findElements(By.cssSelector("#trials-table tbody tr"))).hasSize(8);
        assertThat(browser.driver.findElements(By.cssSelector("#parallel-coordinates path.pc-line"))).hasSize(8);
        assertThat(browser.driver.findElements(By.cssSelector("#best-so-far circle"))).hasSize(8);
        assertThat(browser.driver.findElements(By.cssSelector("#importance-table tbody tr"))).hasSize(2);
        assertThat(browser.driver.findElement(By.id("sweep-state")).getText()).isEqualTo("RUNNING");
        assertThat(browser.driver.findElements(By.cssSelector("#trials-table tr.best"))).hasSize(1);
        browser.screenshot("sweep-page");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void pause_and_resume_buttons_change_the_sweep_state() {
        browser.driver.get(baseUrl + "/#/sweeps/" + sweepId);
        browser.waitFor("#sweep-pause").click();
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("sweep-state")).getText().equals("PAUSED"));
        browser.waitFor("#sweep-resume").click();
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("sweep-state")).getText().equals("RUNNING"));
    }

    @Test
    void a_pasted_config_creates_a_sweep_and_a_wrong_one_is_refused_naming_the_field() {
        browser.driver.get(baseUrl + "/#/experiments/0/sweeps");
        browser.waitFor("#sweep-create summary").click();
        var config = browser.waitFor("#sweep-config");
        browser.js("arguments[0].value = arguments[1]", config,
                "{\"method\":\"grid\",\"parameters\":{\"lr\":{\"distribution\":\"uniform\",\"min\":0,\"max\":1}}}");
        browser.waitFor("#create-sweep").click();
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("sweep-create-message")).getText()
                .contains("parameters.lr"));
        browser.js("arguments[0].value = arguments[1]", config, "{\"method\":\"grid\",\"parameters\":{\"lr\":{\"values\":[1,2]}}}");
        browser.driver.findElement(By.id("sweep-name")).sendKeys("pasted");
        browser.waitFor("#create-sweep").click();
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("#/sweeps/"));
        assertThat(browser.waitFor("h1").getText()).startsWith("pasted");
    }
}
