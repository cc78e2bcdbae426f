package dev.sextant.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The run page's artifact previews and notes show the file and the note as they are. On the six-run
 * {@link ResnetSweep}: charts per metric, datasets, tags and notes, image artifacts; an autologged run; a live run.
 */
class RunPageUiTest extends UiTestBase {
    static final String NOTES_TXT = "Trained on 8 GPUs.\nStopped early at epoch 61 (plateau).\nCheckpoint 18000 is the best on val/acc.\n"
            + "TODO: rerun with seed 3 and warmup 1000.\n";
    static final String COMPACT_JSON = "{\"optimizer\":{\"name\":\"adamw\",\"lr\":0.0003},\"epochs\":90}";
    static final String PREDICTIONS_CSV = "image,label,comment\r\nimg_0001.png,cat,clear\r\nimg_0002.png,dog,\"blurry, low light\"\r\n"
            + "img_0003.png,cat,\"owner said \"\"not a cat\"\"\"\r\nimg_0004.png,fox,\"two\nlines\"\r\n";
    static final String NOTE = """
            ## Baseline

            Best **val/acc** so far; `lr=1e-4` is *too low*.

            - warmup 500 steps
            - cosine decay

            See [the paper](https://arxiv.org/abs/1512.03385), not [this](javascript:alert(1)). <img src=x onerror=alert(1)>""";
    String runId;
    String mlflowRunId;
    int bigLogBytes;
    ResnetSweep sweep;
    String liveExperimentId;

    @Override
    void seed() {
        var experimentId = server.createExperiment("run-page");
        runId = server.createRun(experimentId, "with-artifacts", 1_780_000_000_000L, Map.of("lr", 0.001), Map.of());
        server.logSeries(runId, "loss", 0, 20, 1_780_000_000_000L, step -> 1.0 / (step + 1));
        put("notes.txt", NOTES_TXT);
        put("config.json", COMPACT_JSON);
        put("predictions.csv", PREDICTIONS_CSV);
        var big = new StringBuilder();
        for (int i = 0; big.length() < 300_000; i++) big.append(String.format("[%06d] step=%d loss=%.5f%n", i, i * 10, 2.5 * Math.exp(-i / 3000.0)));
        bigLogBytes = big.length();
        put("train.log", big.toString());

        var created = server.ok("POST", "/api/2.0/mlflow/runs/create", Map.of("experiment_id", experimentId, "run_name", "noted",
                "tags", List.of(Map.of("key", "mlflow.note.content", "value", NOTE))));
        mlflowRunId = created.path("run").path("info").path("run_id").asText();
        server.logSeries(mlflowRunId, "loss", 0, 5, 1_780_000_000_000L, step -> 1.0 / (step + 1));
        sweep = ResnetSweep.seed(server);
        liveExperimentId = server.createExperiment("live-demo");
    }

    void put(String path, String text) {
        server.ok("PUT", "/api/v1/runs/" + runId + "/artifacts/" + path, text.getBytes(StandardCharsets.UTF_8));
    }

    void preview(String path) {
        browser.waitFor("#artifact-list .artifact-item.file[data-path='" + path + "']").click();
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("#artifact-preview .preview-head strong")).getText().equals(path)
                && !d.findElements(By.id("artifact-text")).isEmpty());
    }

    boolean truncationNoteShown() {
        return !browser.driver.findElements(By.id("preview-note")).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void artifact_previews_show_whole_small_files_pretty_json_and_csv_fields_intact() {
        openRun(runId, "");
        preview("notes.txt");
        assertThat(truncationNoteShown()).as("a small file is shown whole").isFalse();
        assertThat(strayTexts()).isEmpty();
        assertThat(browser.js("return document.getElementById('artifact-text').textContent")).isEqualTo(NOTES_TXT);

        preview("config.json");
        assertThat(truncationNoteShown()).isFalse();
        assertThat(browser.js("return document.getElementById('artifact-text').textContent")).isEqualTo("""
                {
                  "optimizer": {
                    "name": "adamw",
                    "lr": 0.0003
                  },
                  "epochs": 90
                }""");

        preview("predictions.csv");
        assertThat(truncationNoteShown()).isFalse();
        var cells = (List<List<String>>) browser.js("""
                return [...document.querySelectorAll('#artifact-text tr')].map(tr => [...tr.children].map(cell => cell.textContent));
                """);
        assertThat(cells).containsExactly(
                List.of("image", "label", "comment"),
                List.of("img_0001.png", "cat", "clear"),
                List.of("img_0002.png", "dog", "blurry, low light"),
                List.of("img_0003.png", "cat", "owner said \"not a cat\""),
                List.of("img_0004.png", "fox", "two\nlines"));
        assertThat(strayTexts()).isEmpty();
        browser.screenshot("artifact-preview-csv");

        preview("train.log");
        assertThat(browser.waitFor("#preview-note").getText())
                .isEqualTo("Showing the first 256.0 KB of " + String.format(java.util.Locale.ROOT, "%.1f KB", bigLogBytes / 1024.0) + "; download the file for the rest.");
        assertThat(((String) browser.js("return document.getElementById('artifact-text').textContent")).length()).isEqualTo(256 * 1024);
    }

    @Test
    void an_mlflow_note_is_the_runs_notes_rendered_as_markdown_without_html_and_editable() {
        openRun(mlflowRunId, "");
        var view = browser.waitFor("#notes-view");
        assertThat(view.findElement(By.tagName("h2")).getText()).isEqualTo("Baseline");
        assertThat(view.findElement(By.tagName("strong")).getText()).isEqualTo("val/acc");
        assertThat(view.findElement(By.tagName("code")).getText()).isEqualTo("lr=1e-4");
        assertThat(view.findElements(By.cssSelector("ul li"))).extracting(li -> li.getText()).containsExactly("warmup 500 steps", "cosine decay");
        var links = view.findElements(By.tagName("a"));
        assertThat(links).extracting(a -> a.getAttribute("href")).containsExactly("https://arxiv.org/abs/1512.03385");
        assertThat(view.findElements(By.cssSelector("img, script"))).isEmpty();
        assertThat(view.getText()).contains("not this.", "<img src=x onerror=alert(1)>");
        assertThat(browser.driver.findElement(By.id("system-tags")).getText()).doesNotContain("mlflow.note.content");
        browser.screenshot("run-notes");

        browser.waitFor("#notes-edit").click();
        var area = browser.waitFor("#run-notes");
        assertThat(area.getAttribute("value")).isEqualTo(NOTE);
        area.clear();
        area.sendKeys("Rerun with **seed 3**.");
        browser.driver.findElement(By.id("save-notes")).click();
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> d.findElement(By.id("notes-view")).getText().equals("Rerun with seed 3."));
        var run = server.ok("GET", "/api/v1/runs/" + mlflowRunId, null);
        assertThat(run.path("notes").asText()).isEqualTo("Rerun with **seed 3**.");
        assertThat(run.path("tags").path("mlflow.note.content").asText()).as("MLflow's clients read the same note").isEqualTo("Rerun with **seed 3**.");
    }

    @Test
    void the_run_link_mlflow_clients_print_opens_the_run() {
        open("#/experiments/" + sweep.experimentId() + "/runs/" + sweep.runIds().get(2));
        assertThat(browser.waitFor("#run-name").getAttribute("value")).isEqualTo("resnet50-adam-2");
        assertThat(browser.driver.getCurrentUrl()).endsWith("#/runs/" + sweep.runIds().get(2));
    }

    @Test
    void run_page_shows_a_chart_per_metric_with_system_metrics_grouped() {
        server.ok("POST", "/api/2.0/mlflow/runs/log-inputs", Map.of("run_id", sweep.runIds().get(1), "datasets", List.of(Map.of(
                "tags", List.of(Map.of("key", "mlflow.data.context", "value", "train")),
                "dataset", Map.of("name", "imagenet-subset", "digest", "9f2c1a", "source_type", "local", "source", "/data/imagenet")))));
        openRun(sweep.runIds().get(1), "");
        assertThat(browser.waitFor("#datasets").getText()).contains("train", "imagenet-subset", "9f2c1a");
        browser.waitFor("#system-charts .chart-card canvas");
        assertThat(browser.driver.findElements(By.cssSelector("#metric-charts .chart-card"))).hasSize(2);
        assertThat(browser.driver.findElements(By.cssSelector("#system-charts .chart-card"))).hasSize(2);
        var loss = "#metric-charts .chart-card[data-metric='loss']";
        assertThat(colourCounts(loss, chartColours(loss), 29).get(0)).isGreaterThan(30L);
        var page = browser.driver.findElement(By.tagName("main")).getText();
        assertThat(page).contains("FINISHED", "optimizer", "Run ID");
        // Auth is off here: everyone who reaches the server already sees every run, so there is nothing to share.
        browser.waitForPresent(".share[data-shareable='false']");
        assertThat(browser.driver.findElements(By.id("share-button"))).isEmpty();
        browser.screenshot("08-run-page");
    }

    @Test
    void a_run_logged_like_sklearn_autolog_shows_single_values_apart_and_folds_mlflow_tags() {
        var experimentId = server.createExperiment("autolog-demo"); // its own: the sweep's run count is asserted elsewhere
        var runId = AutologgedRun.create(server, experimentId, "autologged", 0.9737);
        openRun(runId, "");
        var values = browser.waitFor("#metric-values");
        assertThat(values.getText()).contains("training_score", "0.9732", "test_score", "0.9737");
        assertThat(browser.driver.findElements(By.cssSelector("#metric-charts .chart-card")))
                .extracting(card -> card.getAttribute("data-metric")).containsExactly("loss");
        assertThat(browser.driver.findElements(By.cssSelector(".chip-edit"))).extracting(chip -> chip.getAttribute("data-tag"))
                .containsExactly("estimator_name");
        var folded = browser.driver.findElement(By.id("system-tags"));
        assertThat(folded.getText()).contains("MLflow tags").doesNotContain("mlflow.log-model.history"); // closed
        folded.findElement(By.tagName("summary")).click();
        assertThat(folded.getText()).contains("mlflow.log-model.history", "mlflow.source.name");
        browser.screenshot("13-autolog-run");
    }

    @Test
    void run_tags_and_notes_are_editable() {
        var runId = sweep.runIds().get(2);
        openRun(runId, "");
        browser.driver.findElement(By.id("tag-key")).sendKeys("verdict");
        browser.driver.findElement(By.id("tag-value")).sendKeys("promising" + Keys.ENTER);
        browser.waitFor(".chip-edit[data-tag='verdict']");
        browser.waitFor("#notes-edit").click();
        browser.driver.findElement(By.id("run-notes")).sendKeys("Warmup looks too short.");
        browser.driver.findElement(By.id("save-notes")).click();
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> d.findElement(By.id("notes-view")).getText().equals("Warmup looks too short."));
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> server.ok("GET", "/api/v1/runs/" + runId, null).path("notes").asText().contains("Warmup"));
        var run = server.ok("GET", "/api/v1/runs/" + runId, null);
        assertThat(run.path("tags").path("verdict").asText()).isEqualTo("promising");
        browser.driver.findElement(By.cssSelector(".chip-edit[data-tag='verdict'] .chip-x")).click();
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> d.findElements(By.cssSelector(".chip-edit[data-tag='verdict']")).isEmpty());
    }

    @Test
    void run_page_previews_an_image_artifact_and_downloads_a_file() throws Exception {
        var runId = sweep.runIds().get(0);
        var png = SamplePng.RED_DOT;
        var upload = server.send("PUT", "/api/v1/runs/" + runId + "/artifacts/plots/confusion.png", png);
        assertThat(upload.status() / 100).as("artifact upload answered " + upload.status()).isEqualTo(2);
        server.ok("PUT", "/api/v1/runs/" + runId + "/artifacts/metrics.json", "{\"best_loss\": 0.12}".getBytes(StandardCharsets.UTF_8));
        openRun(runId, "");
        browser.waitFor("#artifact-list .artifact-item.folder").click();
        browser.waitFor("#artifact-list .artifact-item.file[data-path='plots/confusion.png']").click();
        var image = browser.waitFor("#artifact-image");
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> ((Number) browser.js("return arguments[0].naturalWidth", image)).intValue() > 0);
        browser.screenshot("09-artifacts");
        browser.driver.findElement(By.cssSelector(".artifact-crumbs .link-button")).click();
        browser.waitFor("#artifact-list .artifact-item.file[data-path='metrics.json']").click();
        assertThat(browser.waitFor("#artifact-text").getText()).contains("\"best_loss\": 0.12");
        browser.driver.findElement(By.id("artifact-download")).click();
        var file = tempDir.resolve("chromium/downloads/metrics.json");
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> Files.exists(file));
        assertThat(Files.readString(file)).contains("best_loss");
    }

    @Test
    void a_running_runs_chart_grows_while_points_are_logged() throws Exception {
        long start = System.currentTimeMillis();
        var runId = server.createRun(liveExperimentId, "live-run", start, Map.of("optimizer", Map.of("name", "adam")), Map.of());
        server.logSeries(runId, "loss", 0, 20, start, step -> 1.0 / (1 + step));
        openRun(runId, "");
        var note = browser.waitFor("#metric-charts .chart-card[data-metric='loss'] .chart-note");
        assertThat(note.getText()).isEqualTo("20 pts");
        try {
            // A name being typed and the header's buttons outlive the live refreshes (a tick once rebuilt them).
            var name = browser.waitFor("#run-name");
            name.click();
            name.sendKeys("-renamed");
            var compareLink = browser.driver.findElement(By.linkText("Open in compare"));
            server.logSeries(runId, "loss", 20, 200, start, step -> 1.0 / (1 + step));
            // How soon the points show is measured by LiveChartBenchmark (bench/README.md), not asserted here.
            browser.waitUpTo(Duration.ofSeconds(4)).until(d -> note.getText().equals("200 pts"));
            assertThat(name.getAttribute("value")).isEqualTo("live-run-renamed");
            assertThat(compareLink.isDisplayed()).isTrue(); // throws if the link was replaced by a refresh
            name.sendKeys(org.openqa.selenium.Keys.ENTER);
            browser.waitUpTo(Duration.ofSeconds(10)).until(d -> "live-run-renamed".equals(server.ok("GET", "/api/v1/runs/" + runId, null).path("name").asText()));
            var lastX = (Number) browser.js("const d = document.querySelector(\"#metric-charts .chart-card[data-metric='loss']\").sextantChart.plot.data[0]; return d[d.length - 1]");
            assertThat(lastX.doubleValue()).isGreaterThan(190);
            browser.screenshot("10-run-live");
        } finally {
            server.finish(runId, System.currentTimeMillis());
        }
    }
}
