package dev.sextant.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The API docs page (Swagger UI over our OpenAPI document) with auth off; AuthUiTest covers it under auth. */
class ApiDocsUiTest extends UiTestBase {
    @Override
    void seed() {
        // The page documents the API; it shows no data.
    }

    @Test
    void api_docs_page_renders_the_openapi_document() {
        browser.driver.get(server.baseUrl + "/api/v1/docs");
        browser.waitUpTo(Duration.ofSeconds(15)).until(d -> d.findElements(By.cssSelector(".swagger-ui .opblock")).size() > 10);
        assertThat(browser.driver.findElement(By.tagName("body")).getText()).contains("Sextant native API");
        browser.screenshot("11-api-docs");
    }
}
