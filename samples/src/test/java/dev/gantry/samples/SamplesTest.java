package dev.gantry.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.Gantry;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.yaml.PipelineYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every sample runs as the README says, with the local executor, and gives the right answer. */
class SamplesTest {
    private static final Path SAMPLES = Path.of("").toAbsolutePath();

    @TempDir
    Path store;

    private RunResult run(String file) {
        try (Gantry gantry = Gantry.open(store)) {
            return gantry.run(SAMPLES.resolve(file), RunOptions.defaults());
        }
    }

    private static String output(RunResult result, String step, String output) throws Exception {
        Path path = result.step(step).orElseThrow().outputs().get(output).path();
        return Files.isDirectory(path) ? Files.readString(path.resolve("evens")) + Files.readString(path.resolve("odds"))
                : Files.readString(path);
    }

    @Test
    void helloChainGreetsAndRerunsOnlyWhatAParameterChanges() throws Exception {
        RunResult first = run("hello/hello.yaml");
        RunResult again;
        try (Gantry gantry = Gantry.open(store)) {
            again = gantry.run(SAMPLES.resolve("hello/hello.yaml"), RunOptions.defaults().withParam("name", "Gantry"));
        }

        assertThat(first.succeeded()).isTrue();
        assertThat(output(first, "card", "card")).isEqualTo("~~~ Gantry ~~~\nHELLO, WORLD!\n");
        assertThat(again.step("banner").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
        assertThat(again.count(StepStatus.SUCCEEDED)).isEqualTo(3);
        assertThat(output(again, "card", "card")).isEqualTo("~~~ Gantry ~~~\nHELLO, GANTRY!\n");
    }

    @Test
    void diamondSumsBothBranches() throws Exception {
        RunResult result = run("diamond/diamond.yaml");

        assertThat(result.succeeded()).isTrue();
        assertThat(output(result, "report", "dir")).isEqualTo("2550\n2500\n");
    }

    @Test
    void fanOutJoinsTwentyPartsIntoTheWholeSum() throws Exception {
        RunResult result = run("fan-out/fan-out.yaml");

        assertThat(result.succeeded()).isTrue();
        assertThat(result.steps()).hasSize(21);
        assertThat(output(result, "total", "total")).isEqualTo("total: 500500\n");
    }

    @Test
    void sweepRunsSixTrialsPicksTheBestAndAnnouncesItOnlyWhenItIsGoodEnough() throws Exception {
        RunResult result = run("sweep/sweep.yaml");
        RunResult strict;
        try (Gantry gantry = Gantry.open(store)) {
            strict = gantry.run(SAMPLES.resolve("sweep/sweep.yaml"), RunOptions.defaults().withParam("target", "99"));
        }

        assertThat(result.succeeded()).isTrue();
        assertThat(result.steps()).hasSize(15);
        assertThat(output(result, "pick", "best")).isEqualTo("{\"score\": 95, \"slope\": 3, \"offset\": 0}\n");
        assertThat(output(result, "announce", "note")).startsWith("ship it: ");
        assertThat(strict.succeeded()).isTrue();
        assertThat(strict.count(StepStatus.CACHED)).isEqualTo(14);
        assertThat(strict.step("announce").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(strict.step("announce").orElseThrow().message())
                .contains("when: pick.best.score >= ${params.target} is false (score = 95, target = 99)");
    }

    @Test
    void javaPipelineCountsWordsAndIsCachedOnTheSecondRun() throws Exception {
        RunResult first;
        RunResult second;
        try (Gantry gantry = Gantry.open(store)) {
            RunOptions options = RunOptions.defaults().withBaseDir(SAMPLES.resolve("java"));
            first = gantry.run(WordFrequencies.pipeline(), options);
            second = gantry.run(WordFrequencies.pipeline(), options);
        }

        assertThat(output(first, "top", "top")).startsWith("      9 and\n      9 i\n      8 the\n");
        assertThat(second.count(StepStatus.CACHED)).isEqualTo(3);
    }

    @Test
    void javaPipelineWrittenAsYamlReadsBackEqual() {
        assertThat(PipelineYaml.parse(PipelineYaml.write(WordFrequencies.pipeline()), "word-frequencies.yaml"))
                .isEqualTo(WordFrequencies.pipeline());
    }
}
