package dev.gantry.server;

import dev.gantry.engine.RequiredService;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's {@code chromium} and its {@code chromedriver}, found on the PATH, for the UI's tests:
 * they are skipped with the reason when either is missing, and fail instead with {@code CI=true}.
 * The driver is named explicitly, so Selenium Manager never downloads one.
 */
final class HeadlessChromium extends RequiredService {
    HeadlessChromium() {
        super("web UI tests", "install Debian's chromium and chromium-driver packages"
                + " (apt-get install chromium chromium-driver)",
                ".ci/run installs Debian's chromium and chromium-driver packages; install them the same way");
    }

    @Override
    protected Optional<String> problem() {
        if (executable("chromium").isEmpty()) {
            return Optional.of("there is no chromium on the PATH");
        }
        if (executable("chromedriver").isEmpty()) {
            return Optional.of("there is no chromedriver on the PATH");
        }
        return Optional.empty();
    }

    /** A headless browser of {@code width} × {@code height} pixels, driven through chromedriver. */
    static ChromeDriver open(int width, int height) {
        Path driver = executable("chromedriver").orElseThrow();
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, driver.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(executable("chromium").orElseThrow().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + width + "," + height, "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .withTimeout(Duration.ofSeconds(30)).build();
        return new ChromeDriver(service, options);
    }

    private static Optional<Path> executable(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
