package dev.gantry.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.engine.GantryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code gantry} command as a user meets it: a real process, real files, a real store. */
class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeEach
    void writePipeline() throws Exception {
        Files.writeString(dir.resolve("numbers.yaml"), """
                name: numbers
                params: {factor: 2}
                steps:
                  source:
                    command: [sh, -c, 'seq 1 3 > ${outputs.numbers}; echo made numbers']
                    outputs: {numbers: file}
                  scaled:
                    command: [sh, -c, 'while read n; do echo $((n * ${params.factor})); done < ${inputs.numbers} > ${outputs.numbers}']
                    inputs: {numbers: source.numbers}
                    outputs: {numbers: file}
                  other:
                    command: [sh, -c, 'echo other > ${outputs.o}']
                    outputs: {o: file}
                """);
    }

    private GantryProcess.Result gantry(String... args) throws Exception {
        return GantryProcess.run(dir, args);
    }

    @Test
    void runJsonPrintsOneObjectWithEveryStepAndOutput() throws Exception {
        GantryProcess.Result result = gantry("run", "numbers.yaml", "--json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode run = JSON.readTree(result.stdout());
        assertThat(run.get("status").asText()).isEqualTo("succeeded");
        assertThat(run.get("run").asText()).matches("\\d{8}-\\d{6}-[0-9a-f]{6}");
        JsonNode scaled = run.get("steps").get(2);
        assertThat(scaled.get("name").asText()).isEqualTo("scaled");
        assertThat(scaled.get("status").asText()).isEqualTo("succeeded");
        assertThat(scaled.get("cacheKey").asText()).hasSize(64);
        JsonNode out = scaled.get("outputs").get("numbers");
        assertThat(out.get("type").asText()).isEqualTo("file");
        assertThat(Files.readString(Path.of(out.get("path").asText()))).isEqualTo("2\n4\n6\n");
        assertThat(out.get("sha256").asText()).hasSize(64);
        assertThat(result.stderr()).contains("[source] made numbers");
    }

    @Test
    void rerunIsCachedAndExplainNamesTheChangedParameter() throws Exception {
        gantry("run", "numbers.yaml");
        GantryProcess.Result cached = gantry("run", "numbers.yaml");
        GantryProcess.Result changed = gantry("run", "numbers.yaml", "--param", "factor=5");
        GantryProcess.Result explain = gantry("explain", "last", "scaled");

        assertThat(cached.stdout()).contains("3 cached").contains("0 ran");
        assertThat(changed.stdout()).contains("1 ran, 2 cached");
        assertThat(explain.exitCode()).isZero();
        assertThat(explain.stdout()).contains("step 'scaled' of run ").contains(": succeeded")
                .contains("  params.factor: \"5\"")
                .contains("miss: compared with the previous cached entry (run ")
                .contains("these parts changed:\n  params.factor: \"2\" -> \"5\"\n");
    }

    @Test
    void eachTrialOfAMatrixIsShownWithItsValuesAndASkippedStepWithItsCondition() throws Exception {
        Files.writeString(dir.resolve("sweep.yaml"), """
                name: sweep
                params: {n: 1, floor: 100}
                steps:
                  square:
                    matrix: {n: [2, 3]}
                    command: [sh, -c, 'echo "{\\"sq\\": $((${params.n} * ${params.n}))}" > ${outputs.m}']
                    outputs: {m: metrics}
                  big:
                    when: square.m.sq >= ${params.floor}
                    command: [sh, -c, 'echo big']
                """);
        GantryProcess.Result result = gantry("run", "sweep.yaml");
        GantryProcess.Result validate = gantry("validate", "sweep.yaml");

        assertThat(validate.stdout())
                .isEqualTo("sweep.yaml: pipeline 'sweep' is valid (2 steps, 4 once its matrices expand into trials)\n");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).containsPattern("  done     square-1  \\S+  \\[n=2\\]\n")
                .containsPattern("  done     square-2  \\S+  \\[n=3\\]\n")
                .contains("  skipped  big-2     when: square-2.m.sq >= ${params.floor} is false (sq = 9, floor = 100)"
                        + "  [n=3]\n")
                .contains("succeeded: 2 ran, 0 cached, 2 not run");
    }

    @Test
    void failingStepExitsOneWithTheEndOfItsLogAndTheLogPath() throws Exception {
        Files.writeString(dir.resolve("fail.yaml"), """
                name: fail
                steps:
                  broken:
                    command: [sh, -c, 'echo reading input; echo "no such column: label" >&2; exit 3']
                """);
        GantryProcess.Result result = gantry("run", "fail.yaml");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).contains("  failed   broken  exit code 3\n"
                + "    kind: exit-code\n"
                + "    last lines of its log:\n"
                + "      reading input\n"
                + "      no such column: label\n"
                + "    log: " + dir.toRealPath().resolve(".gantry/runs"));
        assertThat(result.stdout()).contains("failed: 0 ran, 0 cached, 1 failed");
        GantryProcess.Result logs = gantry("logs", "last", "broken");
        assertThat(logs.stdout()).isEqualTo("reading input\nno such column: label\n");
        assertThat(gantry("show", "last").stdout()).containsPattern("failed +broken +\\S+  exit-code: exit code 3\n");
    }

    @Test
    void aFailureInJsonSaysItsKindExitCodeAndLogTail() throws Exception {
        Files.writeString(dir.resolve("fail.yaml"), """
                name: fail
                steps:
                  broken:
                    command: [sh, -c, 'echo "no such column: label" >&2; exit 3']
                """);
        GantryProcess.Result result = gantry("run", "fail.yaml", "--json");

        JsonNode failure = new ObjectMapper().readTree(result.stdout()).get("steps").get(0).get("failure");
        assertThat(failure.get("kind").asText()).isEqualTo("exit-code");
        assertThat(failure.get("exitCode").asInt()).isEqualTo(3);
        assertThat(failure.get("retryable").asBoolean()).isTrue();
        assertThat(failure.get("message").asText()).isEqualTo("exit code 3");
        assertThat(failure.get("logTail").get(0).asText()).isEqualTo("no such column: label");
        assertThat(failure.get("log").asText()).endsWith("/broken/attempt-1.log");
        JsonNode shown = new ObjectMapper().readTree(gantry("show", "last", "--json").stdout());
        assertThat(shown.get("steps").get(0).get("failure").get("kind").asText()).isEqualTo("exit-code");
    }

    @Test
    void stepWhoseProgramIsMissingFailsWithoutPointingAtALogItNeverWrote() throws Exception {
        Files.writeString(dir.resolve("typo.yaml"), """
                name: typo
                steps:
                  t:
                    command: [gantry-no-such-program, x]
                    env: {PATH: /usr/bin:/bin}
                """);
        GantryProcess.Result result = gantry("run", "typo.yaml");
        GantryProcess.Result logs = gantry("logs", "last", "t");

        String why = "cannot start 'gantry-no-such-program': no executable file of that name in any directory of "
                + "PATH (/usr/bin:/bin)";
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).contains("  failed   t  " + why + "\n").doesNotContain("log:");
        assertThat(logs.exitCode()).isEqualTo(2);
        assertThat(logs.stderr()).isEqualTo("error: attempt 1 of step 't' wrote no log: " + why + "\n");
    }

    @Test
    void invalidPipelineExitsTwoWithLocatedProblemsAndNoStackTrace() throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), """
                name: bad
                steps:
                  a:
                    comand: [echo]
                """);
        GantryProcess.Result result = gantry("run", "bad.yaml");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("bad.yaml:4:5: ").contains("'comand'").contains("did you mean 'command'?");
        assertThat(result.stderr()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void missingFileUnknownParameterAndUnknownRunAreUsageErrors() throws Exception {
        GantryProcess.Result missing = gantry("run", "nope.yaml");
        GantryProcess.Result param = gantry("run", "numbers.yaml", "--param", "factr=3");
        GantryProcess.Result from = gantry("run", "numbers.yaml", "--from", "scald");
        gantry("run", "numbers.yaml");
        GantryProcess.Result run = gantry("show", "20990101");

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).isEqualTo("error: pipeline file nope.yaml does not exist\n");
        assertThat(param.exitCode()).isEqualTo(2);
        assertThat(param.stderr()).isEqualTo("error: pipeline 'numbers' has no parameter 'factr'; it has: factor\n");
        assertThat(from.exitCode()).isEqualTo(2);
        assertThat(from.stderr()).isEqualTo("error: --from scald: the pipeline 'numbers' has no step 'scald'; "
                + "its steps are: source, scaled, other\n");
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(2);
        assertThat(run.stderr()).isEqualTo("error: no run '20990101' in store .gantry; 'gantry runs' lists them\n");
    }

    @Test
    void onlyAndFromSelectStepsAndTakeEarlierOnesFromTheCache() throws Exception {
        GantryProcess.Result cold = gantry("run", "numbers.yaml", "--only", "scaled", "--json");
        gantry("run", "numbers.yaml");
        GantryProcess.Result from = gantry("run", "numbers.yaml", "--from", "scaled", "--no-cache", "--json");

        // Refused before anything is recorded: such a run could only fail.
        assertThat(cold.exitCode()).as(cold.stdout() + cold.stderr()).isEqualTo(2);
        assertThat(cold.stdout()).isEmpty();
        assertThat(cold.stderr()).isEqualTo("error: --only scaled: step 'source' is outside the selection and not in"
                + " the cache, so nothing was run; run it first (gantry run without --only), or select from 'source'"
                + " (--from source)\n");
        JsonNode steps = JSON.readTree(from.stdout()).get("steps");
        assertThat(from.exitCode()).isZero();
        assertThat(steps).hasSize(2);
        assertThat(steps.get(0).get("name").asText()).isEqualTo("source");
        assertThat(steps.get(0).get("status").asText()).isEqualTo("cached");
        assertThat(steps.get(1).get("name").asText()).isEqualTo("scaled");
        assertThat(steps.get(1).get("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void validateGraphRunsAndShowDescribeThePipelineAndItsRuns() throws Exception {
        GantryProcess.Result validate = gantry("validate", "numbers.yaml");
        GantryProcess.Result mermaid = gantry("graph", "numbers.yaml", "--format", "mermaid");
        GantryProcess.Result text = gantry("graph", "numbers.yaml");
        gantry("run", "numbers.yaml");
        GantryProcess.Result runs = gantry("runs");
        GantryProcess.Result show = gantry("show", "last");

        assertThat(validate.stdout()).isEqualTo("numbers.yaml: pipeline 'numbers' is valid (3 steps)\n");
        assertThat(mermaid.stdout()).isEqualTo("flowchart TD\n  other[other]\n  source[source]\n"
                + "  source -->|numbers| scaled\n");
        assertThat(text.stdout()).isEqualTo("other  -> o\nsource  -> numbers\nscaled  <- numbers=source.numbers  -> numbers\n");
        assertThat(runs.stdout()).contains("succeeded").contains("numbers");
        assertThat(show.stdout()).contains("status    succeeded").contains("succeeded  scaled")
                .contains("    numbers      file");
    }

    @Test
    void progressReachesAFileWhileTheRunGoesOnAndWholeAtItsEnd() throws Exception {
        Files.writeString(dir.resolve("waits.yaml"), """
                name: waits
                steps:
                  first:
                    command: [sh, -c, 'echo first > ${outputs.o}']
                    outputs: {o: file}
                  held:
                    command: [sh, -c, 'while [ ! -f release ]; do sleep 0.05; done; echo held > ${outputs.o}']
                    inputs: {i: first.o}
                    outputs: {o: file}
                """);
        GantryProcess run = GantryProcess.start(dir, java.util.Map.of(), "run", "waits.yaml", "--no-cache");

        // Off a terminal lines are written in blocks, but within a fraction of a second.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (!run.stdoutSoFar().matches("(?s).*done +first.*") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        String whileHeld = run.stdoutSoFar();
        Files.writeString(dir.resolve("release"), "");
        GantryProcess.Result result = run.finish();

        assertThat(whileHeld).as("stdout while 'held' waits").containsPattern("done +first")
                .doesNotContain("held").doesNotContain("succeeded");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).startsWith("run ").containsPattern("(?s)done +first.*done +held.*succeeded: 2 ran");
    }

    @Test
    void helpAndVersionWork() throws Exception {
        GantryProcess.Result help = gantry("--help");
        GantryProcess.Result runHelp = gantry("run", "--help");
        GantryProcess.Result version = gantry("--version");

        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("run", "validate", "graph", "runs", "show", "logs", "explain");
        assertThat(runHelp.stdout()).contains("--param", "--from", "--only", "--no-cache", "--parallel", "--store", "--json");
        assertThat(version.stdout()).startsWith("gantry ");
    }
}
