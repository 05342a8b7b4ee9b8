package dev.gantry.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.engine.Gantry;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.StepResult;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.spec.ExecutorChoice;
import dev.gantry.yaml.PipelineYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep runs for real with the local executor: six training trials side by side, each
 * evaluated, the best selected, and deploy gated by a condition on its accuracy.
 */
class BreastCancerSweepTest {
    private static final Path FILE = Path.of("breast-cancer-sweep.yaml").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void sixTrialsRunTheBestIsSelectedAndAGridChangeRerunsOnlyTheNewTrials() throws Exception {
        // A bar no model reaches, so deploy is skipped and the test leaves no server behind.
        RunOptions options = RunOptions.defaults().withExecutor(ExecutorChoice.LOCAL).withParam("min_accuracy", "0.999");
        RunResult first;
        RunResult second;
        RunResult wider;
        try (Gantry gantry = Gantry.open(dir.resolve("store"))) {
            first = gantry.run(FILE, options);
            second = gantry.run(FILE, options);
            String grid = Files.readString(FILE).replace("epochs: [5, 30]", "epochs: [5, 30, 60]");
            wider = gantry.run(PipelineYaml.parse(grid, FILE.toString()), options.withBaseDir(FILE.getParent()));
        }

        assertThat(first.count(StepStatus.SUCCEEDED)).as(first.toString()).isEqualTo(16);
        assertThat(first.steps()).extracting(StepResult::name).contains("train-1", "train-6", "evaluate-6")
                .doesNotContain("train-7");
        Map<String, Object> report = new ObjectMapper().readValue(
                first.step("select").orElseThrow().outputs().get("report").path().toFile(), Map.class);
        assertThat(((Number) report.get("accuracy")).doubleValue()).isGreaterThanOrEqualTo(0.93);
        assertThat(report).containsKeys("trial", "param.learning_rate", "param.epochs");
        StepResult deploy = first.step("deploy").orElseThrow();
        assertThat(deploy.status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(deploy.message().orElseThrow())
                .startsWith("when: select.report.accuracy >= ${params.min_accuracy} is false (accuracy = 0.9")
                .endsWith(", min_accuracy = 0.999)");
        assertThat(first.succeeded()).isTrue();

        assertThat(second.count(StepStatus.CACHED)).isEqualTo(16);
        assertThat(second.count(StepStatus.SUCCEEDED)).isZero();

        // Nine trials now: the grid's order puts the new value third for each learning rate.
        assertThat(wider.stepsWith(StepStatus.SUCCEEDED)).containsExactlyInAnyOrder("train-3", "train-6", "train-9", "evaluate-3",
                "evaluate-6", "evaluate-9", "select");
    }

}
