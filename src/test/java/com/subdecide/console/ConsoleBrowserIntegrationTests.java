package com.subdecide.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subdecide.ApiClient;
import com.subdecide.rules.RuleFolders;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The analyst's loop in a real Chromium against the whole service on the embedded PostgreSQL: sign in, edit a
 * table cell, see the cell's error, fix it, save a draft, see the diff, run the scenarios, simulate and see the
 * KPI chart, promote as admin, roll back. Screenshots of each step go to {@code target/screenshots}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleBrowserIntegrationTests {

    static final Path FOLDERS_ROOT = temp();
    static final RuleFolders FOLDERS = RuleFolders.copyOfShipped(FOLDERS_ROOT);
    static final Path SHOTS = Path.of("target/screenshots");
    static final File CHROMIUM = new File(System.getProperty("console.chromium", "/usr/bin/chromium"));
    static final File DRIVER = new File(System.getProperty("console.chromedriver", "/usr/bin/chromedriver"));

    static ChromeDriver browser;

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        registry.add("decisions.rules.rules-dir", () -> FOLDERS.path("rules").toString());
        registry.add("decisions.rules.tables-dir", () -> FOLDERS.path("decision-tables").toString());
        registry.add("decisions.rules.solver-dir", () -> FOLDERS.path("solver-config").toString());
        registry.add("decisions.rules.watch", () -> "false");
        registry.add("decisions.rules.write-back", () -> "false");
    }

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;

    @BeforeAll
    static void startBrowser() throws IOException {
        // Never skipped: without Debian's chromium and chromium-driver this test fails and says what to install.
        assertThat(CHROMIUM.canExecute()).as(CHROMIUM + ": Chromium for the console's browser tests (apt-get install "
                + "chromium chromium-driver)").isTrue();
        assertThat(DRIVER.canExecute()).as(DRIVER + ": ChromeDriver (apt-get install chromium-driver)").isTrue();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createTempDirectory("console-chromium"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).build(), options);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anAnalystEditsATableSimulatesAndAnAdminPromotesAndRollsBack() throws Exception {
        for (int i = 0; i < 6; i++) {
            assertThat(ApiClient.as("decider", port).postJson("/api/v1/decisions/rotation-plan",
                    Files.readString(Path.of("docs/examples/rotation-plan-request.json"))).statusCode()).isEqualTo(200);
        }
        String before = live();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));

        signIn("analyst");
        assertThat(browser.findElement(By.id("live-version")).getText()).isEqualTo(before);
        shot("01-home");
        browser.findElement(By.id("table-emphasis.drl.xlsx")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-ref='Emphasis!C10']")));
        assertThat(browser.getPageSource()).doesNotContain("setEmphasis"); // the code template rows are not shown

        edit("Emphasis!C10", "four");
        browser.findElement(By.id("save")).click();
        WebElement problems = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#problems li.error")));
        assertThat(problems.getText()).isEqualTo("C10: 'four' is not a number");
        assertThat(cell("Emphasis!C10").getAttribute("class")).contains("cell-error");
        assertThat(live()).isEqualTo(before);
        shot("02-cell-error");

        edit("Emphasis!C10", "4");
        browser.findElement(By.id("save")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("save-ok")));
        assertThat(cell("Emphasis!C10").getAttribute("class")).contains("cell-changed");
        assertThat(cell("Emphasis!C10").getAttribute("title")).isEqualTo("C10: was 3");
        shot("03-draft-grid");

        browser.findElement(By.id("open-draft")).click();
        WebElement diff = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-cell='Emphasis!C10']")));
        assertThat(diff.getText()).contains("3").contains("4").contains("run a simulation");
        browser.findElement(By.id("run-scenarios")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("scenario-outcome"))).getText())
                .endsWith("scenario rows pass");
        String draftUrl = browser.getCurrentUrl();

        browser.findElement(By.id("simulate")).click();
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-charts-drawn", "true"));
        assertThat(browser.findElement(By.id("simulation-status")).getText()).isEqualTo("DONE");
        assertThat(browser.findElement(By.id("kpi-changed")).getText()).isEqualTo("6 of 6");
        assertThat(browser.findElements(By.cssSelector("#examples a.decision-link"))).isNotEmpty();
        shot("04-simulation");

        // Drill into a changed decision: its trace links each fired table row to the row, highlighted.
        browser.findElements(By.cssSelector("#examples a.decision-link")).get(0).click();
        WebElement source = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//a[@class='source-link' and contains(text(), 'emphasis.drl.xlsx!Emphasis!B10')]")));
        shot("05-decision-trace");
        source.click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".tabulator-row.row-fired")));

        browser.get(draftUrl);
        assertThat(browser.findElement(By.cssSelector("tr[data-cell='Emphasis!C10'] .decisions-changed")).getText())
                .isEqualTo("6");
        assertThat(browser.findElements(By.id("promote"))).isEmpty(); // analysts do not promote

        signOut();
        signIn("admin");
        browser.get(draftUrl);
        shot("06-draft");
        browser.findElement(By.id("promote")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("versions-message"))).getText())
                .endsWith("is live.");
        String promoted = live();
        assertThat(promoted).isNotEqualTo(before);
        shot("07-versions");

        browser.findElement(By.cssSelector("tr[data-version='" + before + "'] button.rollback")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("versions-message"))).getText())
                .contains(before);
        assertThat(live()).isEqualTo(before);
    }

    @Test
    void twoEditorsOfOneDraftTheSecondGetsAConflictAndKeepsItsEdit() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        signIn("analyst");
        browser.get(url("/console/tables/emphasis.drl.xlsx"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-ref='Emphasis!C11']")));
        edit("Emphasis!C11", "2");
        browser.findElement(By.id("save")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("save-ok")));
        String draft = browser.getCurrentUrl().replaceAll("&saved=.*", "");
        String first = browser.getWindowHandle();
        browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        browser.get(draft);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-ref='Emphasis!C11']")));
        String second = browser.getWindowHandle();

        browser.switchTo().window(first);
        String opened = browser.getCurrentUrl();
        edit("Emphasis!C10", "5");
        browser.findElement(By.id("save")).click();
        wait.until(ExpectedConditions.not(ExpectedConditions.urlToBe(opened)));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("save-ok")));

        browser.switchTo().window(second);
        edit("Emphasis!C10", "6");
        browser.findElement(By.id("save")).click();
        WebElement refusal = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("save-error")));
        assertThat(refusal.getText()).startsWith("Not saved (conflict):")
                .contains("SUPERSEDED").contains("your edit was not stored");
        assertThat(cell("Emphasis!C10").getText()).isEqualTo("6"); // the refused edit is still in the grid
        browser.close();
        browser.switchTo().window(first);
        signOut();
    }

    private void edit(String ref, String value) {
        WebElement cell = cell(ref);
        new Actions(browser).doubleClick(cell).perform();
        WebElement input = new WebDriverWait(browser, Duration.ofSeconds(10)).until(
                d -> d.findElement(By.cssSelector("[data-ref='" + ref + "'] input")));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), value, Keys.ENTER);
    }

    private WebElement cell(String ref) {
        return browser.findElement(By.cssSelector("[data-ref='" + ref + "']"));
    }

    private void signIn(String user) {
        browser.get(url("/login"));
        browser.manage().deleteAllCookies();
        browser.get(url("/console"));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(user);
        browser.findElement(By.id("sign-in")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(By.id("signed-in-as")));
    }

    private void signOut() {
        browser.findElement(By.id("sign-out")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(By.id("sign-in")));
    }

    private String live() {
        try {
            JsonNode active = json.readTree(ApiClient.as("analyst", port).get("/api/v1/rulesets/active").body());
            return active.get("version").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private void shot(String name) throws IOException {
        Files.write(SHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private static Path temp() {
        try {
            return Files.createTempDirectory("console-rules");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
