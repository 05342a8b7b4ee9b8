package dev.gantry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.dsl.StepBuilder;
import dev.gantry.engine.api.RunListener;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.StepResult;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.PipelineSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutionTest {
    @TempDir
    Path dir;

    private RunResult run(PipelineSpec spec, RunOptions options) {
        try (Gantry gantry = Gantry.open(dir.resolve("store"))) {
            return gantry.run(spec, options.withBaseDir(dir));
        }
    }

    @Test
    void stepSeesTheContractsVariablesAndOnlyTheParametersItUses() throws Exception {
        Pipeline p = Pipeline.named("contract").param("seed", 7).param("other", 1);
        StepBuilder first = p.step("first").command("sh", "-c", "echo x > ${outputs.out-file}")
                .output("out-file", ArtifactType.FILE);
        p.step("env-dump")
                .command("sh", "-c", "env | grep -E '^(GANTRY_|CUDA_VISIBLE_DEVICES)' | sort > ${outputs.env}; "
                        + "echo ${params.seed} >> ${outputs.env}")
                .input("in-file", first.out("out-file"))
                .output("env", ArtifactType.FILE);
        RunResult result = run(p.build(), RunOptions.defaults());

        Path store = dir.resolve("store").toAbsolutePath();
        List<String> env = Files.readAllLines(result.step("env-dump").orElseThrow().outputs().get("env").path());
        // The attempt token ends in random digits.
        env.replaceAll(line -> line.replaceFirst("^(GANTRY_ATTEMPT_TOKEN=.*/)[0-9a-f]{16}$", "$1RANDOM"));
        String input = result.step("first").orElseThrow().outputs().get("out-file").path().toString();
        assertThat(env).containsExactly(
                "CUDA_VISIBLE_DEVICES=",
                "GANTRY_ATTEMPT_TOKEN=" + result.runId() + "/env-dump/1/RANDOM",
                "GANTRY_INPUT_IN_FILE=" + input,
                "GANTRY_OUTPUT_ENV=" + store.resolve("runs/" + result.runId() + "/env-dump/attempt-1/env"),
                "GANTRY_PARAM_SEED=7",
                "GANTRY_RUN_ID=" + result.runId(),
                "GANTRY_STEP=env-dump",
                "7");
    }

    @Test
    void failedAttemptIsRetriedWithBackoffUntilItSucceeds() throws Exception {
        Path counter = dir.resolve("attempts");
        Pipeline p = Pipeline.named("retry");
        p.step("flaky")
                .command("sh", "-c", "echo x >> " + counter + "; [ $(wc -l < " + counter + ") -ge 3 ] || exit 9; "
                        + "echo ok > ${outputs.o}")
                .output("o", ArtifactType.FILE)
                .retry(3, "50ms");
        RunResult result = run(p.build(), RunOptions.defaults());

        StepResult flaky = result.step("flaky").orElseThrow();
        assertThat(flaky.status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(flaky.attempts()).isEqualTo(3);
        // Backoff doubles: 50 ms, then 100 ms.
        assertThat(flaky.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(result.runDir().resolve("flaky/attempt-1.log")).exists();
        assertThat(result.runDir().resolve("flaky/attempt-3.log")).exists();
    }

    @Test
    void attemptThatRunsPastItsTimeoutIsKilledAndReported() {
        Pipeline p = Pipeline.named("slow");
        p.step("sleepy").command("sleep", "30").timeout("300ms");
        long start = System.nanoTime();
        RunResult result = run(p.build(), RunOptions.defaults());

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.step("sleepy").orElseThrow().message()).contains("timed out after 300ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void failureStopsNewStepsButKeepGoingFinishesIndependentBranches() {
        Pipeline p = Pipeline.named("branches");
        StepBuilder bad = p.step("a-bad").command("sh", "-c", "echo boom; exit 4").output("o", ArtifactType.FILE);
        p.step("after-bad").command("sh", "-c", "cat ${inputs.i} > ${outputs.o}").input("i", bad.out("o"))
                .output("o", ArtifactType.FILE);
        p.step("z-independent").command("sh", "-c", "sleep 0.2; echo fine > ${outputs.o}").output("o", ArtifactType.FILE);
        PipelineSpec spec = p.build();

        RunResult failFast = run(spec, RunOptions.defaults().withParallel(1));
        RunResult keepGoing = run(spec, RunOptions.defaults().withParallel(1).withKeepGoing(true));

        assertThat(failFast.step("a-bad").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
        assertThat(failFast.step("after-bad").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(failFast.step("after-bad").orElseThrow().message())
                .contains("not run: step 'a-bad' before it failed");
        assertThat(failFast.step("z-independent").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(keepGoing.step("z-independent").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(keepGoing.step("after-bad").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(keepGoing.status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void independentStepsRunInParallelUpToTheLimit() {
        Pipeline p = Pipeline.named("parallel");
        for (int i = 0; i < 4; i++) {
            p.step("s" + i).command("sleep", "0.5");
        }
        PipelineSpec spec = p.build();

        RunResult wide = run(spec, RunOptions.defaults().withParallel(4).withNoCache(true));
        RunResult narrow = run(spec, RunOptions.defaults().withParallel(1).withNoCache(true));

        assertThat(wide.elapsed()).isLessThan(Duration.ofMillis(1500));
        assertThat(narrow.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(2000));
    }

    @Test
    void declaredMemoryLimitsHowManyStepsRunAtOnce() {
        long total = ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        String sixtyPercent = (total * 6 / 10 >> 20) + "m";
        Pipeline p = Pipeline.named("memory");
        // Different commands, or the second would be a cache hit of the first.
        p.step("big-1").command("sleep", "0.40").memory(sixtyPercent);
        p.step("big-2").command("sleep", "0.41").memory(sixtyPercent);
        RunResult result = run(p.build(), RunOptions.defaults().withParallel(4));

        assertThat(result.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(800));
    }

    @Test
    void cancellingARunKillsItsStepsAndRecordsItCancelled() throws Exception {
        Path started = dir.resolve("started");
        Pipeline p = Pipeline.named("cancel");
        StepBuilder slow = p.step("slow").command("sh", "-c", "touch " + started + "; sleep 30")
                .output("o", ArtifactType.FILE);
        p.step("later").command("sh", "-c", "cat ${inputs.i}").input("i", slow.out("o"));
        try (Gantry gantry = Gantry.open(dir.resolve("store"))) {
            CompletableFuture<RunResult> running = CompletableFuture.supplyAsync(
                    () -> gantry.run(p.build(), RunOptions.defaults().withBaseDir(dir)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(started) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            gantry.cancel();
            RunResult result = running.get(15, TimeUnit.SECONDS);

            assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(result.step("slow").orElseThrow().status()).isEqualTo(StepStatus.CANCELLED);
            assertThat(result.step("later").orElseThrow().status()).isEqualTo(StepStatus.CANCELLED);
            assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void stepThatDoesNotWriteADeclaredOutputFailsNamingIt() {
        Pipeline p = Pipeline.named("lazy");
        p.step("lazy").command("true").output("result", ArtifactType.FILE);
        RunResult result = run(p.build(), RunOptions.defaults());

        assertThat(result.step("lazy").orElseThrow().message().orElseThrow())
                .startsWith("output 'result' of step 'lazy': the step did not write it (expected at ")
                .endsWith("/runs/" + result.runId() + "/lazy/attempt-1/result)");
    }

    @Test
    void stepSkippedAfterAFailureLeavesNoDirectoryInTheRun() {
        // While 'first' runs, the first attempt of 'second', which waits only for it, is made ahead.
        Pipeline p = Pipeline.named("ahead");
        StepBuilder first = p.step("first").command("sh", "-c", "sleep 0.2; exit 3")
                .output("o", ArtifactType.FILE);
        p.step("second").command("cp", "${inputs.i}", "${outputs.o}")
                .input("i", first.out("o"))
                .output("o", ArtifactType.FILE);
        RunResult result = run(p.build(), RunOptions.defaults());

        assertThat(result.step("second").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(result.runDir().resolve("first/attempt-1.log")).exists();
        assertThat(result.runDir().resolve("second")).doesNotExist();
    }

    @Test
    void stepTakenFromTheCacheAfterItsInputWasMadeAgainLeavesNoDirectoryInTheRun() {
        // 'first' runs again for its changed parameter, writes the same bytes, and 'second' is a hit.
        Pipeline p = Pipeline.named("ahead").param("p", 1);
        StepBuilder first = p.step("first").command("sh", "-c", "echo ${params.p} >&2; echo same > ${outputs.o}")
                .output("o", ArtifactType.FILE);
        p.step("second").command("cp", "${inputs.i}", "${outputs.o}")
                .input("i", first.out("o"))
                .output("o", ArtifactType.FILE);
        run(p.build(), RunOptions.defaults());
        RunResult again = run(p.build(), RunOptions.defaults().withParam("p", "2"));

        assertThat(again.step("first").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(again.step("second").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
        assertThat(again.runDir().resolve("first/attempt-1.log")).content().isEqualTo("2\n");
        assertThat(again.runDir().resolve("second")).doesNotExist();
    }

    @Test
    void stepReadingStandardInputSeesEndOfFileInsteadOfHanging() {
        Pipeline p = Pipeline.named("stdin");
        p.step("reader").command("sh", "-c", "cat > ${outputs.o}").output("o", ArtifactType.FILE).timeout("10s");
        RunResult result = run(p.build(), RunOptions.defaults());

        assertThat(result.step("reader").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
    }

    @Test
    void everyLineAStepPrintsReachesTheListenerAndTheLogInOrder() throws Exception {
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        Pipeline p = Pipeline.named("lines");
        p.step("talker").command("sh", "-c", "for i in 1 2 3; do echo line $i; done; printf 'no newline'");
        RunResult result = run(p.build(), RunOptions.defaults().withListener(new RunListener() {
            @Override
            public void stepOutput(String step, String line) {
                heard.add(step + ": " + line);
            }
        }));

        assertThat(heard).containsExactly("talker: line 1", "talker: line 2", "talker: line 3", "talker: no newline");
        assertThat(Files.readString(result.runDir().resolve("talker/attempt-1.log")))
                .isEqualTo("line 1\nline 2\nline 3\nno newline");
    }

    @Test
    void stepWritingToBothStreamsLeavesOneLogInTheOrderItWrote() throws Exception {
        Pipeline p = Pipeline.named("streams");
        p.step("both").command("sh", "-c", "echo out 1; echo err 1 >&2; echo out 2; echo err 2 >&2");
        RunResult result = run(p.build(), RunOptions.defaults());

        assertThat(Files.readString(result.runDir().resolve("both/attempt-1.log")))
                .isEqualTo("out 1\nerr 1\nout 2\nerr 2\n");
    }

    @Test
    void programMissingFromPathFailsTheStepNamingTheProgramAndThePath() {
        Pipeline p = Pipeline.named("missing");
        p.step("typo").command("gantry-no-such-program", "x").env("PATH", "/usr/bin:/bin");
        RunResult result = run(p.build(), RunOptions.defaults());

        StepResult typo = result.step("typo").orElseThrow();
        assertThat(typo.status()).isEqualTo(StepStatus.FAILED);
        assertThat(typo.message().orElseThrow()).isEqualTo("cannot start 'gantry-no-such-program': no executable "
                + "file of that name in any directory of PATH (/usr/bin:/bin)");
    }

    @Test
    void programIsLookedUpOnThePathTheStepSets() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("tools"));
        Path tool = Files.writeString(bin.resolve("gantry-test-tool"), "#!/bin/sh\necho from-tool > \"$1\"\n");
        assertThat(tool.toFile().setExecutable(true)).isTrue();
        // Not executable, and earlier on PATH: skipped, as execvp skips it.
        Path shadow = Files.createDirectories(dir.resolve("shadow"));
        Files.writeString(shadow.resolve("gantry-test-tool"), "#!/bin/sh\nexit 3\n");
        Pipeline p = Pipeline.named("own-path");
        p.step("use").command("gantry-test-tool", "${outputs.o}").output("o", ArtifactType.FILE)
                .env("PATH", shadow + ":" + bin + ":" + System.getenv("PATH"));
        RunResult result = run(p.build(), RunOptions.defaults());

        StepResult use = result.step("use").orElseThrow();
        assertThat(use.status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(Files.readString(use.outputs().get("o").path())).isEqualTo("from-tool\n");
    }
}
