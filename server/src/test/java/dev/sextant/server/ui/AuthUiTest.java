package dev.sextant.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import dev.sextant.server.auth.Scope;
import dev.sextant.server.auth.TokenEntry;
import dev.sextant.server.auth.TokenFile;
import dev.sextant.server.auth.TokenHash;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UI with auth on, in headless Chromium under the real Content-Security-Policy: login, the token prompt after
 * a 401, cookie writes with the CSRF header, a share link, the Swagger page. No console error may mention the
 * policy; the only other errors allowed are the 401s that trigger the prompt.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthUiTest {
    Server server;
    Browser browser;
    String baseUrl;
    String writeToken;
    String runId;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        var tokens = dir.resolve("tokens");
        writeToken = TokenHash.newToken();
        TokenFile.add(tokens, new TokenEntry("ui", Scope.WRITE, TokenHash.of(writeToken)));
        server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dir.resolve("data")), tokens);
        baseUrl = "http://127.0.0.1:" + server.port();
        var experimentId = post("/api/v1/experiments", "{\"name\":\"secured\"}").replaceAll(".*\"experiment_id\":\"([^\"]+)\".*", "$1");
        runId = post("/api/v1/runs", "{\"experiment_id\":\"" + experimentId + "\",\"name\":\"secured-run\"}")
                .replaceAll(".*\"run_id\":\"([0-9a-f]{32})\".*", "$1");
        post("/api/v1/runs/" + runId + "/metrics", "{\"metrics\":[{\"key\":\"loss\",\"value\":1.0,\"step\":0},{\"key\":\"loss\",\"value\":0.5,\"step\":1}]}");
        browser = new Browser(dir.resolve("chromium"), 1280, 800);
    }

    String post(String path, String json) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + writeToken)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isBetween(200, 299);
        return response.body();
    }

    @AfterAll
    void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    @BeforeEach
    void signedOut() {
        browser.driver.get(baseUrl + "/health");
        browser.driver.manage().deleteAllCookies();
    }

    @AfterEach
    void noPolicyViolations() {
        var errors = browser.consoleErrors().stream().filter(message -> !message.contains("status of 401") && !message.contains("favicon.ico")).toList();
        assertThat(errors).as("console errors (CSP violations among them)").isEmpty();
    }

    void signIn() {
        browser.waitFor("#token").sendKeys(writeToken + Keys.ENTER);
    }

    @Test
    void a_page_needs_a_token_and_login_returns_to_it_with_an_http_only_cookie() {
        browser.driver.get(baseUrl + "/#/runs/" + runId);
        assertThat(browser.driver.getCurrentUrl()).contains("/login.html");
        signIn();
        var name = browser.waitFor("#run-name");
        assertThat(name.getAttribute("value")).isEqualTo("secured-run");
        browser.waitFor("#metric-charts .chart-card canvas");
        assertThat((String) browser.js("return document.cookie")).doesNotContain(writeToken);
    }

    @Test
    void a_401_inside_the_app_shows_the_token_prompt_and_signing_in_continues() {
        browser.driver.get(baseUrl + "/login.html");
        signIn();
        browser.waitFor("tr[data-experiment-id]");
        browser.driver.manage().deleteAllCookies();
        browser.js("location.hash = '#/experiments?again=1'");
        signIn();
        browser.waitFor("tr[data-experiment-id]");
    }

    @Test
    void the_ui_writes_through_the_cookie() {
        browser.driver.get(baseUrl + "/login.html");
        signIn();
        browser.waitFor("tr[data-experiment-id]");
        var script = """
                const done = arguments[arguments.length - 1];
                const post = (headers) => fetch('/api/v1/experiments', { method: 'POST',
                  headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ name: 'x' + Math.random() }) });
                // Same-origin fetch sends a matching Origin, so both pass; CredentialsTest covers the refusals.
                Promise.all([post({}), post({ 'X-Sextant-CSRF': '1' })]).then((rs) => done(rs.map((r) => r.status)));
                """;
        assertThat(String.valueOf(browser.driver.executeAsyncScript(script))).isEqualTo("[201, 201]");
        browser.driver.findElement(By.id("new-experiment-name")).sendKeys("made-in-ui" + Keys.ENTER);
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> d.getPageSource().contains("made-in-ui"));
    }

    @Test
    void a_share_link_opens_its_run_read_only_without_a_token() throws Exception {
        var body = post("/api/v1/share", "{\"run_ids\":[\"" + runId + "\"]}");
        var url = body.replaceAll(".*\"url\":\"([^\"]+)\".*", "$1");
        browser.driver.get(url);
        browser.waitFor("#run-name");
        assertThat(browser.driver.getCurrentUrl()).doesNotContain("shr_");
        browser.waitFor("#metric-charts .chart-card canvas");
        browser.waitForPresent("#notes[data-writable='false']"); // a read-only session cannot edit the notes
        assertThat(browser.driver.findElements(By.id("notes-edit"))).isEmpty();
        browser.consoleErrors();
    }

    @Test
    void the_share_button_makes_a_link_that_opens_the_run_read_only_and_cannot_share_further() {
        browser.driver.get(baseUrl + "/#/runs/" + runId);
        signIn(); // login returns to the run page once the cookie is set
        browser.waitFor("#run-name");
        browser.waitFor("#notes[data-writable='true'] #notes-edit");
        browser.waitFor("#share-button").click();
        new org.openqa.selenium.support.ui.Select(browser.waitFor("#share-expiry")).selectByVisibleText("1 day");
        browser.waitFor("#share-create").click();
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElement(By.id("share-url")).getAttribute("value").isEmpty());
        var url = browser.driver.findElement(By.id("share-url")).getAttribute("value");
        assertThat(url).startsWith(baseUrl + "/share.html#shr_");
        assertThat(browser.driver.findElement(By.id("share-panel")).getText()).contains("Valid until");
        browser.screenshot("auth-share-panel");

        browser.driver.manage().deleteAllCookies();
        browser.driver.get(url);
        assertThat(browser.waitFor("#run-name").getAttribute("value")).isEqualTo("secured-run");
        browser.waitForPresent(".share[data-shareable='false']");
        assertThat(browser.driver.findElements(By.id("share-button"))).isEmpty();
        var status = browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/api/v1/share', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Sextant-CSRF': '1' },
                  body: JSON.stringify({ run_ids: [arguments[0]] }) }).then((r) => done(r.status));
                """, runId);
        assertThat(((Number) status).intValue()).isEqualTo(403);
        browser.consoleErrors(); // the refused share above, and the experiment name a share link may not read
    }

    @Test
    void the_swagger_page_runs_under_its_own_policy() {
        browser.driver.get(baseUrl + "/login.html");
        signIn();
        browser.waitFor("tr[data-experiment-id]");
        browser.driver.get(baseUrl + "/api-docs.html");
        browser.waitFor(".swagger-ui .info .title");
        browser.waitFor(".opblock");
    }
}
