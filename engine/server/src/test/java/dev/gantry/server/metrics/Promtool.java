package dev.gantry.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.Skip;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's own checker of the text format, {@code promtool check metrics}, from Debian's
 * {@code prometheus} package: an independent parser of what {@code /metrics} writes, and a lint
 * of its names and help texts. Without it the check is skipped, except with {@code CI=true},
 * where it fails.
 */
final class Promtool {
    private Promtool() {}

    /** Fails on anything promtool prints about {@code scrape}: a parse error or a lint problem. */
    static void check(String scrape) throws IOException, InterruptedException {
        String found = find();
        Process process = new ProcessBuilder(found, "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(scrape.getBytes(StandardCharsets.UTF_8));
        }
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(said).as("what promtool check metrics said of the scrape:\n%s", scrape).isEmpty();
        assertThat(process.exitValue()).isZero();
    }

    private static String find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        String why = "promtool is not on the PATH: install Debian's prometheus package (apt-get install"
                + " --no-install-recommends prometheus), as .ci/run does";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true, so /metrics must be checked by promtool, but " + why);
        }
        Skip.because(why);
        return null;
    }
}
