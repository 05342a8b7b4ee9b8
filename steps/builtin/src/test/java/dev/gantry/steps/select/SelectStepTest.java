package dev.gantry.steps.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.steps.sdk.Metrics;
import dev.gantry.steps.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Picking the best trial from collected inputs laid out as the engine lays them out. */
class SelectStepTest {
    private static final String MATRIX = "{\"1\":{\"rate\":\"0.1\"},\"2\":{\"rate\":\"0.5\"},\"3\":{\"rate\":\"fast\"}}\n";

    @TempDir
    Path dir;

    @BeforeEach
    void threeTrials() throws IOException {
        Path metrics = Files.createDirectories(dir.resolve("metrics"));
        Files.writeString(metrics.resolve("matrix.json"), MATRIX);
        Files.writeString(metrics.resolve("1"), "{\"accuracy\": 0.91, \"log_loss\": 0.30}");
        Files.writeString(metrics.resolve("2"), "{\"accuracy\": 0.97, \"log_loss\": 0.12}");
        Files.writeString(metrics.resolve("3"), "{\"accuracy\": 0.97, \"log_loss\": 0.10}");
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.writeString(models.resolve("matrix.json"), MATRIX);
        for (int trial = 1; trial <= 3; trial++) {
            Path model = Files.createDirectories(models.resolve(Integer.toString(trial)).resolve("weights"));
            Files.writeString(model.resolve("w.txt"), "model of trial " + trial);
        }
    }

    @Test
    void theLargestValueWinsTheLowestTrialTakesATieAndItsArtifactIsCopied() throws IOException {
        Cli.Result result = Cli.run("select", "--metrics", path("metrics"), "--by", "accuracy", "--artifacts",
                path("models"), "--best", path("best"), "--report", path("report.json"));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(Files.readString(dir.resolve("best/weights/w.txt"))).isEqualTo("model of trial 2");
        assertThat(Metrics.read(dir.resolve("report.json"))).isEqualTo(Map.of(
                "accuracy", 0.97, "log_loss", 0.12, "trial", 2.0, "param.rate", 0.5));
        assertThat(result.err()).contains("best: trial 2 {rate=0.5} with accuracy = 0.97");
    }

    @Test
    void withGoalMinTheSmallestValueWinsAndATextParameterIsLeftOutOfTheReport() {
        Cli.Result result = Cli.run("select", "--metrics", path("metrics"), "--by", "log_loss", "--goal", "min",
                "--report", path("report.json"));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(Metrics.read(dir.resolve("report.json"))).isEqualTo(Map.of(
                "accuracy", 0.97, "log_loss", 0.10, "trial", 3.0));
    }

    @Test
    void aMissingMetricNamesTheTrialAndWhatItHas() {
        Cli.Result result = Cli.run("select", "--metrics", path("metrics"), "--by", "f1", "--report", path("r.json"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLine()).isEqualTo("gantry-step select: " + path("metrics/1")
                + ": trial 1 has no metric 'f1'; it has: accuracy, log_loss");
    }

    @Test
    void aDirectoryThatWasNotCollectedSaysHowToCollectIt() throws IOException {
        Files.createDirectories(dir.resolve("plain"));
        Cli.Result result = Cli.run("select", "--metrics", path("plain"), "--by", "accuracy", "--report", path("r.json"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLine()).isEqualTo("gantry-step select: " + path("plain")
                + ": not a collected input: it has no matrix.json (read it with {collect: <step>.<output>} in the pipeline)");
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }
}
