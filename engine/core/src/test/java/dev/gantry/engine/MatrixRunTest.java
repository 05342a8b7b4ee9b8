package dev.gantry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.dsl.StepBuilder;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.Selection;
import dev.gantry.engine.api.StepResult;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.PipelineSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweeps with real processes: trials, steps that follow them, collected outputs and conditions. */
class MatrixRunTest {
    @TempDir
    Path dir;

    /**
     * square runs once per value of n; each trial's result is scored; pick collects every
     * score and keeps the largest; shout runs only when it is at least min.
     */
    private static PipelineSpec sweep(String condition, String... grid) {
        Pipeline p = Pipeline.named("squares").param("n", 1).param("min", 10);
        StepBuilder squareStep = p.step("square")
                .command("sh", "-c", "echo $((${params.n} * ${params.n})) > ${outputs.value}")
                .output("value", ArtifactType.FILE)
                .matrix("n", grid);
        StepBuilder score = p.step("score")
                .command("sh", "-c", "echo \"{\\\"value\\\": $(cat ${inputs.value}), \\\"n\\\": $GANTRY_PARAM_N}\""
                        + " > ${outputs.metrics}")
                .input("value", squareStep.out("value"))
                .output("metrics", ArtifactType.METRICS);
        StepBuilder pick = p.step("pick")
                .command("sh", "-c", "cd ${inputs.scores} && cat 1 2 3 | sort | tail -1 > ${outputs.best}"
                        + " && cp matrix.json ${outputs.trials}")
                .collect("scores", score.out("metrics"))
                .output("best", ArtifactType.METRICS)
                .output("trials", ArtifactType.FILE);
        StepBuilder shout = p.step("shout")
                .command("sh", "-c", "echo big > ${outputs.text}")
                .output("text", ArtifactType.FILE)
                .when(pick.out("best"), condition);
        p.step("after-shout")
                .command("sh", "-c", "cat ${inputs.text} > ${outputs.text}")
                .input("text", shout.out("text"))
                .output("text", ArtifactType.FILE);
        return p.build();
    }

    private RunResult run(PipelineSpec spec, RunOptions options) {
        try (Gantry gantry = Gantry.open(dir.resolve("store"))) {
            return gantry.run(spec, options.withBaseDir(dir));
        }
    }


    private static String text(RunResult result, String step, String output) throws Exception {
        return Files.readString(result.step(step).orElseThrow().outputs().get(output).path());
    }

    @Test
    void eachTrialRunsWithItsOwnValueAndACollectingStepSeesThemAll() throws Exception {
        RunResult result = run(sweep("value >= ${params.min}", "1", "2", "3"), RunOptions.defaults().withParam("min", "9"));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(text(result, "square-1", "value")).isEqualTo("1\n");
        assertThat(text(result, "square-3", "value")).isEqualTo("9\n");
        assertThat(text(result, "score-2", "metrics")).isEqualTo("{\"value\": 4, \"n\": 2}\n");
        assertThat(text(result, "pick", "best")).isEqualTo("{\"value\": 9, \"n\": 3}\n");
        assertThat(text(result, "pick", "trials"))
                .isEqualTo("{\"1\":{\"n\":\"1\"},\"2\":{\"n\":\"2\"},\"3\":{\"n\":\"3\"}}\n");
        assertThat(text(result, "after-shout", "text")).isEqualTo("big\n");
    }

    @Test
    void collectedArtifactsAreTheStoresObjectsLinkedNotCopied() throws Exception {
        RunResult result = run(sweep("value >= 1", "1", "2", "3"), RunOptions.defaults());

        Path collected = result.runDir().resolve("pick/inputs/scores");
        for (int trial = 1; trial <= 3; trial++) {
            Path object = result.step("score-" + trial).orElseThrow().outputs().get("metrics").path();
            assertThat(Files.isSameFile(collected.resolve(Integer.toString(trial)), object)).isTrue();
            assertThat(Files.getPosixFilePermissions(collected.resolve(Integer.toString(trial))))
                    .doesNotContain(PosixFilePermission.OWNER_WRITE);
        }
    }

    @Test
    void changingOneValueOfTheGridRerunsOnlyThatTrialAndWhatCollectsIt() {
        run(sweep("value >= 1", "1", "2", "3"), RunOptions.defaults());
        RunResult again = run(sweep("value >= 1", "1", "2", "4"), RunOptions.defaults());

        assertThat(again.statuses()).isEqualTo(Map.of(
                "square-1", StepStatus.CACHED, "square-2", StepStatus.CACHED, "square-3", StepStatus.SUCCEEDED,
                "score-1", StepStatus.CACHED, "score-2", StepStatus.CACHED, "score-3", StepStatus.SUCCEEDED,
                "pick", StepStatus.SUCCEEDED, "shout", StepStatus.CACHED, "after-shout", StepStatus.CACHED));
    }

    @Test
    void aSecondRunIsCachedEntirely() {
        PipelineSpec spec = sweep("value >= 1", "1", "2", "3");
        run(spec, RunOptions.defaults());
        RunResult again = run(spec, RunOptions.defaults());

        assertThat(again.count(StepStatus.CACHED)).isEqualTo(again.steps().size()).isEqualTo(9);
    }

    @Test
    void aFalseConditionSkipsTheStepAndWhatNeedsItWithoutFailingTheRun() {
        RunResult result = run(sweep("value >= ${params.min}", "1", "2", "3"), RunOptions.defaults().withParam("min", "10"));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        StepResult shout = result.step("shout").orElseThrow();
        assertThat(shout.status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(shout.message()).contains("when: pick.best.value >= ${params.min} is false (value = 9, min = 10)");
        StepResult after = result.step("after-shout").orElseThrow();
        assertThat(after.status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(after.message()).contains("not run: step 'shout' before it was skipped");
    }

    @Test
    void aConditionOnAMetricThatIsNotThereFailsTheStepAndNamesTheMetricsThereAre() {
        RunResult result = run(sweep("accuracy > 0.5", "1", "2", "3"), RunOptions.defaults());

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.step("shout").orElseThrow().message()).contains(
                "condition 'pick.best.accuracy > 0.5': pick.best has no metric 'accuracy'; its numbers are: value, n");
    }

    @Test
    void selectingAMatrixStepByNameSelectsEveryTrial() {
        run(sweep("value >= 1", "1", "2", "3"), RunOptions.defaults());
        RunResult only = run(sweep("value >= 1", "1", "2", "3"),
                RunOptions.defaults().withSelection(Selection.only("square")).withNoCache(true));

        assertThat(only.count(StepStatus.SUCCEEDED)).isEqualTo(3);
        assertThat(only.steps()).extracting(StepResult::name).containsExactly("square-1", "square-2", "square-3");
    }
}
