package dev.gantry.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.StoreLocation;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real headless browser, over a store made by real runs: the runs table kept
 * live, a run started from the UI whose DAG turns green on the same page, a failed step's log
 * and failure record, an Arrow output's rows, and two runs' metrics side by side. Each page's
 * screenshot is kept under {@code target/ui-screenshots/}.
 */
@ExtendWith(HeadlessChromium.class)
class ServerUiTest {
    private static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    private static UiFixture fixture;
    private static GantryServer server;
    private static String base;
    private ChromeDriver browser;

    @BeforeAll
    static void startServer() throws Exception {
        fixture = UiFixture.create(dir);
        server = GantryServer.start(ServerSettings.of(StoreLocation.embedded(fixture.store)).withPort(0)
                .withPipelines(List.of(fixture.pipelines)), new PrintStream(System.out, true));
        base = "http://127.0.0.1:" + server.port() + "/";
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        browser = HeadlessChromium.open(1500, 1000);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void servesThePagesAndTheirLibrariesFromTheJar() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("", "style.css", "js/app.js", "js/api.js", "js/dom.js", "js/runs.js", "js/run.js",
                "js/dag.js", "js/timeline.js", "js/step.js", "js/preview.js", "js/pipeline.js", "js/sortable.js",
                "js/start.js", "webjars/lodash/3.10.1/lodash.min.js", "webjars/graphlib/1.0.7/dist/graphlib.core.min.js",
                "webjars/dagre/0.7.4/dist/dagre.core.min.js", "webjars/chart.js/4.4.1/dist/chart.umd.js")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET /" + path).isEqualTo(200);
            assertThat(response.body()).as("GET /" + path).isNotBlank();
        }
    }

    @Test
    void runsTableShowsEachRunAndARunOfAnotherProcessAppearsAndEndsWithoutAReload() throws Exception {
        open("#/runs");
        // The table is drawn anew at each live update, so rows are read whole, in the page.
        String failedRow = wait(WAIT).until(d -> (String) js("const r = document.querySelector("
                + "'#runs-table tr[data-run=\"" + fixture.failed.runId() + "\"]'); return r && r.innerText"));
        assertThat(failedRow.split("\\s*\t\\s*")).containsSubsequence("failed", "fails", "api");
        String sweepRan = (String) js("return document.querySelector('#runs-table tr[data-run=\""
                + fixture.sweep.runId() + "\"] [data-field=ran]').innerText");
        assertThat(sweepRan).isEqualTo("15 / 15");
        @SuppressWarnings("unchecked")
        List<String> before = (List<String>) js("return [...document.querySelectorAll('#runs-table tr[data-run]')]"
                + ".map(r => r.dataset.run)");
        markPage();

        CompletableFuture<RunResult> elsewhere = CompletableFuture.supplyAsync(
                () -> fixture.runSlow(UUID.randomUUID().toString()));
        List<String> seen = new ArrayList<>();
        String runId = wait(Duration.ofSeconds(30)).until(d -> {
            @SuppressWarnings("unchecked")
            List<String> newest = (List<String>) js("const r = document.querySelector('#runs-table tr[data-run]');"
                    + " return r && [r.dataset.run, r.dataset.status, r.innerText]");
            if (newest == null || before.contains(newest.get(0))) {
                return null;
            }
            assertThat(newest.get(2)).contains("slow", "api");
            String status = newest.get(1);
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
                seen.add(status);
            }
            return status.equals("succeeded") ? newest.get(0) : null;
        });
        assertThat(elsewhere.get().runId()).isEqualTo(runId);
        assertThat(seen).as("statuses the row showed").containsExactly("running", "succeeded");
        assertPageNotReloaded();
        screenshot("runs");
    }

    @Test
    void runStartedFromTheUiTurnsItsDagGreenWithoutAReload() {
        open("#/runs");
        markPage();
        browser.findElement(By.id("start-button")).click();
        new Select(waitFor(By.cssSelector("#start-pipeline option[value=slow]")).findElement(By.xpath("..")))
                .selectByValue("slow");
        browser.findElement(By.id("start-params")).sendKeys("seed=" + UUID.randomUUID());
        screenshot("start");
        browser.findElement(By.id("start-submit")).click();

        waitFor(By.cssSelector("#dag g.node[data-step=join]"));
        assertThat(browser.getCurrentUrl()).matches(".*#/runs/[^/]+$");
        List<String> joinStatuses = new ArrayList<>();
        wait(Duration.ofSeconds(30)).until(d -> {
            String status = (String) js("return document.querySelector('#dag g.node[data-step=join]')"
                    + ".getAttribute('class')");
            if (joinStatuses.isEmpty() || !joinStatuses.get(joinStatuses.size() - 1).equals(status)) {
                joinStatuses.add(status);
            }
            return status.contains("status-succeeded");
        });
        assertThat(joinStatuses.get(0)).isIn("node status-pending", "node status-running");
        assertThat(joinStatuses).last().isEqualTo("node status-succeeded");
        assertThat(browser.findElements(By.cssSelector("#dag g.node.status-succeeded"))).hasSize(4);
        wait(WAIT).until(d -> js("return getComputedStyle(document.querySelector("
                + "'#dag g.node[data-step=join] rect')).fill").equals("rgb(46, 157, 91)"));
        wait(WAIT).until(d -> "succeeded".equals(textIn("#run-header .badge")));
        assertThat(browser.findElements(By.cssSelector("#timeline .bar.succeeded"))).hasSize(4);
        assertPageNotReloaded();
        screenshot("run-live");
    }

    @Test
    void failedStepShowsItsLogAndItsFailureRecord() {
        open("#/runs/" + fixture.failed.runId());
        waitFor(By.cssSelector("#dag g.node.status-failed[data-step=train]")).click();

        WebElement message = waitFor(By.id("failure-message"));
        assertThat(message.getText()).isEqualTo(fixture.failed.step("train").orElseThrow().message().orElseThrow());
        assertThat(browser.findElement(By.id("failure-record")).getText()).contains("kind exit-code", "exit code 3",
                "attempt 1 of 1");
        assertThat(browser.findElement(By.id("failure-log-tail")).getText()).contains(UiFixture.FAILURE_LINE);
        wait(WAIT).until(d -> d.findElement(By.id("step-log")).getText().contains(UiFixture.FAILURE_LINE));
        wait(WAIT).until(d -> d.findElement(By.id("log-state")).getText().startsWith("(failed,"));
        assertThat(browser.findElement(By.id("step-log")).getText()).startsWith("loading ");
        assertThat(browser.getCurrentUrl()).endsWith("#/runs/" + fixture.failed.runId() + "/steps/train");
        screenshot("failed-step");
    }

    @Test
    void rerunFromAFailedStepOpensTheNewRunWhichNamesItsParent() {
        open("#/runs/" + fixture.failed.runId() + "/steps/train");
        waitFor(By.id("failure-message"));
        browser.findElement(By.id("rerun-from")).click();

        // The header is drawn anew at each live update, so it is read whole, in the page.
        wait(WAIT).until(d -> String.valueOf(textIn("#run-header")).contains("rerun of " + fixture.failed.runId())
                && "failed".equals(textIn("#run-header .badge")));
        assertThat(browser.getCurrentUrl()).doesNotContain(fixture.failed.runId());
        assertThat(textIn("#run-header")).contains("trigger ui");
        // From 'train': prepare is left out, and train runs again (no cache) and fails again.
        assertThat(browser.findElements(By.cssSelector("#dag g.node.status-failed[data-step=train]"))).hasSize(1);
    }

    @Test
    void cancelStopsARunStartedFromTheUi() {
        open("#/start/slow");
        waitFor(By.cssSelector("#start-pipeline option[value=slow]"));
        browser.findElement(By.id("start-params")).sendKeys("seed=" + UUID.randomUUID());
        browser.findElement(By.id("start-submit")).click();
        wait(WAIT).until(d -> d.findElements(By.cssSelector("#cancel-run:not([disabled])")).size() == 1);
        browser.findElement(By.id("cancel-run")).click();

        wait(WAIT).until(d -> "cancelled".equals(textIn("#run-header .badge")));
        assertThat(browser.findElements(By.cssSelector("#dag g.node.status-succeeded[data-step=join]"))).isEmpty();
        assertThat(browser.findElement(By.id("rerun-run")).isEnabled()).isTrue();
        screenshot("run-cancelled");
    }

    @Test
    void arrowOutputPreviewShowsItsRowsPageByPage() {
        open("#/runs/" + fixture.table.runId() + "/steps/copy");
        waitFor(By.cssSelector("button.preview-button[data-output=scores]")).click();
        WebElement table = waitFor(By.cssSelector(".preview[data-output=scores] table.arrow-table"));
        assertThat(table.findElements(By.cssSelector("thead th"))).extracting(WebElement::getText)
                .containsExactly("#", "id", "name", "score");
        List<WebElement> rows = table.findElements(By.cssSelector("tbody tr"));
        assertThat(rows).hasSize(20);
        assertThat(cells(rows.get(0))).containsExactly("0", "0", "row-0", "0");
        assertThat(cells(rows.get(6))).containsExactly("6", "6", "row-6", "1.5");
        screenshot("arrow-preview");

        browser.findElement(By.cssSelector(".preview[data-output=scores] button.next-rows")).click();
        wait(WAIT).until(d -> d.findElements(By.cssSelector(".preview[data-output=scores] tbody tr")).size() == 10);
        List<WebElement> next = browser.findElements(By.cssSelector(".preview[data-output=scores] tbody tr"));
        assertThat(cells(next.get(0))).containsExactly("20", "20", "row-20", "5");
        assertThat(cells(next.get(9))).containsExactly("29", "29", "row-29", "7.25");
    }

    @Test
    void pipelinePageChartsAMetricAndComparesTwoRuns() {
        open("#/pipelines/train");
        waitFor(By.cssSelector("#metric-select option[value='evaluate.metrics.accuracy']"));
        wait(WAIT).until(d -> js("const c = Chart.getChart('metric-chart');"
                + " return c ? c.data.datasets[0].data.join(',') : null") != null);
        assertThat(js("return Chart.getChart('metric-chart').data.datasets[0].data.join(',')")).isEqualTo("0.81,0.93");
        new Select(browser.findElement(By.id("compare-a"))).selectByValue(fixture.trainLow.runId());
        new Select(browser.findElement(By.id("compare-b"))).selectByValue(fixture.trainHigh.runId());
        WebElement accuracy = waitFor(By.cssSelector("#compare-table tr[data-metric='evaluate.metrics.accuracy']"));
        assertThat(cells(accuracy)).containsExactly("evaluate.metrics.accuracy", "0.81", "0.93", "+0.12");
        assertThat(cells(browser.findElement(By.cssSelector("#compare-table tr.param"))))
                .containsExactly("param accuracy", "0.81", "0.93", "");
        screenshot("pipeline-compare");
    }

    @Test
    void sweepShowsItsTrialsGroupedAndSortable() {
        open("#/pipelines/sweep");
        WebElement table = waitFor(By.cssSelector("#trials-table"));
        assertThat(table.findElements(By.cssSelector("thead th"))).extracting(WebElement::getText)
                .containsExactly("trial", "of", "slope", "offset", "metrics.offset", "metrics.score", "metrics.slope");
        assertThat(table.findElements(By.cssSelector("tbody tr"))).hasSize(12);
        table.findElement(By.xpath(".//th[text()='metrics.score']")).click();
        table.findElement(By.xpath(".//th[text()='metrics.score']")).click();
        List<WebElement> rows = browser.findElements(By.cssSelector("#trials-table tbody tr"));
        assertThat(cells(rows.get(0))).containsExactly("score-4", "score", "3", "0", "0", "95", "3");
        screenshot("pipeline-sweep");

        open("#/runs/" + fixture.sweep.runId());
        waitFor(By.cssSelector("#dag g.cluster[data-group=fit]"));
        assertThat(browser.findElements(By.cssSelector("#dag g.node"))).hasSize(15);
        assertThat(browser.findElements(By.cssSelector("#dag g.cluster"))).hasSize(2);
        screenshot("run-sweep");
    }

    private void open(String hash) {
        browser.get(base + hash);
    }

    private WebElement waitFor(By by) {
        return wait(WAIT).until(d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() ? null : found.get(0);
        });
    }

    private WebDriverWait wait(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(browser, timeout, Duration.ofMillis(50));
        wait.withMessage(() -> "the page said: " + noticeText());
        return wait;
    }

    private String noticeText() {
        List<WebElement> notice = browser.findElements(By.id("notice"));
        return notice.isEmpty() ? "" : notice.get(0).getText();
    }

    /** The text of the first element {@code css} selects, read in the page; null when there is none. */
    private String textIn(String css) {
        return (String) js("const e = document.querySelector(arguments[0]); return e && e.innerText", css);
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    /** Leaves a mark on the page that a reload would wipe. */
    private void markPage() {
        js("window.notReloaded = 'yes'");
    }

    private void assertPageNotReloaded() {
        assertThat(js("return window.notReloaded")).as("the mark left on the page before").isEqualTo("yes");
    }

    private static List<String> cells(WebElement row) {
        return row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
    }

    private void screenshot(String name) {
        try {
            Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
