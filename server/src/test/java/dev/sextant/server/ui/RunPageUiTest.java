package dev.sextant.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The run page's artifact previews and notes show the file and the note as they are. */
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
}
