package com.lealup.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.lealup.app.support.ApiTest;
import java.io.File;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * {@code /docs} in a real browser: Debian's {@code chromium} and {@code chromium-driver}, which {@code .ci/run}
 * installs. Swagger UI loads its configuration from {@code /v1/openapi.json/swagger-config} and the document, and
 * renders every operation. Without Chromium the test is skipped, except in CI, where it fails.
 */
class DocsBrowserApiTest extends ApiTest {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    @Test
    void swaggerUiRendersTheOperations() throws InterruptedException {
        boolean installed = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
        if (System.getenv("CI") != null) {
            assertThat(installed).as("CI installs chromium and chromium-driver (.ci/run)").isTrue();
        }
        assumeTrue(installed, "chromium and chromium-driver are not installed");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            browser.get("http://localhost:" + port + "/docs");
            By createCustomer = By.cssSelector(".opblock-post .opblock-summary-path[data-path='/v1/customers']");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (browser.findElements(createCustomer).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(browser.findElements(createCustomer)).as("POST /v1/customers rendered").isNotEmpty();
            assertThat(browser.findElement(createCustomer).getText()).contains("/v1/customers");
            List<WebElement> operations = browser.findElements(By.cssSelector(".opblock"));
            assertThat(operations).hasSizeGreaterThan(50);
            assertThat(browser.getPageSource()).doesNotContain("Failed to load remote configuration")
                    .doesNotContain("Failed to load API definition");
        } finally {
            browser.quit();
        }
    }
}
