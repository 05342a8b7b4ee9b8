package dev.gantry.engine.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.dsl.Pipeline;
import dev.gantry.engine.Gantry;
import dev.gantry.engine.Skip;
import dev.gantry.engine.api.RunEvent;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.StepFailure;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.settings.InvalidSettingsException;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.ExecutorChoice;
import dev.gantry.spec.FailureKind;
import dev.gantry.spec.PipelineSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Slurm executor against a real cluster: jobs, their failures in Slurm's words, cancels and leftovers. */
@RequiresSlurm
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SlurmExecutorTest {
    private static final ExecutorChoice SLURM = new ExecutorChoice("slurm");
    private static final SlurmCommands COMMANDS = new SlurmCommands();

    @TempDir
    Path dir;

    private final List<String> notices = new CopyOnWriteArrayList<>();

    private RunResult run(PipelineSpec spec) {
        try (Gantry gantry = Gantry.open(dir.resolve(".gantry"))) {
            return gantry.run(spec, options());
        }
    }

    private RunOptions options() {
        return RunOptions.defaults().withExecutor(SLURM).withBaseDir(dir).withListener(event -> {
            if (event instanceof RunEvent.Notice notice) {
                notices.add(notice.message());
            }
        });
    }

    /** Slurm's state of the newest job of this name, such as {@code CANCELLED}. */
    private static String stateOfJob(String name) throws IOException {
        SlurmCommands.Result listed = COMMANDS.run(List.of("squeue", "--noheader", "--states=all", "--name=" + name,
                "--sort=-i", "--Format=State:|"));
        String[] lines = listed.out().strip().split("\n");
        return lines[0].replace("|", "").strip();
    }

    @Test
    void aChainRunsAsJobsWhoseOutputsAreCommittedAndServedFromTheCacheAfter() throws Exception {
        Pipeline p = Pipeline.named("chain");
        var make = p.step("make").command("sh", "-c", "echo job $SLURM_JOB_ID; printf 'one\\ntwo\\n' > ${outputs.data}")
                .output("data", ArtifactType.FILE);
        p.step("count").command("sh", "-c", "wc -l < ${inputs.data} > ${outputs.n}")
                .input("data", make.out("data")).output("n", ArtifactType.FILE);

        RunResult first = run(p.build());
        RunResult second = run(p.build());

        assertThat(first.succeeded()).as(first.toString()).isTrue();
        Path n = first.step("count").orElseThrow().outputs().get("n").path();
        assertThat(Files.readString(n).strip()).isEqualTo("2");
        assertThat(Files.readString(first.runDir().resolve("make/attempt-1.log"))).containsPattern("job \\d+");
        assertThat(stateOfJob("gantry-chain-count")).isEqualTo("COMPLETED");
        assertThat(second.statuses()).containsOnly(Map.entry("make", StepStatus.CACHED),
                Map.entry("count", StepStatus.CACHED));
    }

    @Test
    void aFailingStepSaysItsExitCodeAndTheEndOfItsLog() {
        Pipeline p = Pipeline.named("failing");
        p.step("broken").command("sh", "-c", "echo 'cannot parse row 7' >&2; exit 3");

        RunResult result = run(p.build());

        StepFailure failure = result.step("broken").orElseThrow().failure().orElseThrow();
        assertThat(failure.kind()).isEqualTo(FailureKind.EXIT_CODE);
        assertThat(failure.exitCode()).contains(3);
        assertThat(failure.logTail()).contains("cannot parse row 7");
    }

    @Test
    void aStepPastItsTimeoutIsCancelledInSlurm() throws Exception {
        Pipeline p = Pipeline.named("slow");
        p.step("sleeper").command("sleep", "300").timeout("3s");

        long started = System.nanoTime();
        RunResult result = run(p.build());

        assertThat(result.step("sleeper").orElseThrow().failure().orElseThrow().kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
        assertThat(stateOfJob("gantry-slow-sleeper")).isEqualTo("CANCELLED");
    }

    @Test
    void cancellingTheRunCancelsItsRunningJob() throws Exception {
        Pipeline p = Pipeline.named("cancelled");
        p.step("sleeper").command("sleep", "300");
        try (Gantry gantry = Gantry.open(dir.resolve(".gantry"))) {
            CompletableFuture<RunResult> running = CompletableFuture.supplyAsync(() -> gantry.run(p.build(), options()));
            awaitRunning("gantry-cancelled-sleeper");
            gantry.cancel();
            RunResult result = running.get(90, TimeUnit.SECONDS);

            assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(stateOfJob("gantry-cancelled-sleeper")).isEqualTo("CANCELLED");
        }
    }

    @Test
    void aJobCancelledOutsideGantryFailsTheStepSayingSo() throws Exception {
        Pipeline p = Pipeline.named("outside");
        p.step("sleeper").command("sleep", "300");
        try (Gantry gantry = Gantry.open(dir.resolve(".gantry"))) {
            CompletableFuture<RunResult> running = CompletableFuture.supplyAsync(() -> gantry.run(p.build(), options()));
            awaitRunning("gantry-outside-sleeper");
            COMMANDS.run(List.of("scancel", "--name=gantry-outside-sleeper"));
            StepFailure failure = running.get(90, TimeUnit.SECONDS).step("sleeper").orElseThrow().failure().orElseThrow();

            assertThat(failure.kind()).isEqualTo(FailureKind.CANCELLED);
            assertThat(failure.message()).containsPattern("Slurm job \\d+ was cancelled outside Gantry \\(CANCELLED");
        }
    }

    @Test
    void aJobPastItsSlurmTimeLimitIsATimeoutInSlurmsWords() {
        Pipeline p = Pipeline.named("limited");
        // Slurm's own limit, shorter than any the engine would set: Slurm ends the job itself.
        p.step("sleeper").command("sleep", "300").executorSettings("slurm", Map.of("flags", List.of("--time=0:03")));

        RunResult result = run(p.build());

        StepFailure failure = result.step("sleeper").orElseThrow().failure().orElseThrow();
        assertThat(failure.kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(failure.message()).containsPattern("Slurm job \\d+ reached its time limit \\(TIMEOUT\\)");
    }

    @Test
    void aJobWhoseNodeGoesDownIsANodeFailureNotRequeued() throws Exception {
        Pipeline p = Pipeline.named("lostnode");
        p.step("sleeper").command("sleep", "300");
        String node = COMMANDS.run(List.of("sinfo", "--noheader", "--format=%N")).out().strip().split("\n")[0];
        try (Gantry gantry = Gantry.open(dir.resolve(".gantry"))) {
            CompletableFuture<RunResult> running = CompletableFuture.supplyAsync(() -> gantry.run(p.build(), options()));
            awaitRunning("gantry-lostnode-sleeper");
            COMMANDS.run(List.of("scontrol", "update", "nodename=" + node, "state=down", "reason=gantry-test"));
            StepFailure failure;
            try {
                failure = running.get(90, TimeUnit.SECONDS).step("sleeper").orElseThrow().failure().orElseThrow();
            } finally {
                COMMANDS.run(List.of("scontrol", "update", "nodename=" + node, "state=resume"));
            }

            assertThat(failure.kind()).isEqualTo(FailureKind.INFRASTRUCTURE);
            assertThat(failure.message()).containsPattern("Slurm job \\d+ ended with NODE_FAIL: node " + node + " failed");
        }
    }

    private static void awaitRunning(String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!stateOfJob(name).equals("RUNNING") && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    @Test
    void aHundredTrialMatrixRunsEveryTrialAsAJob() throws Exception {
        // A name of its own, so that squeue's jobs of earlier runs are not counted below.
        String name = "matrix-" + Long.toString(System.nanoTime(), 36);
        Pipeline p = Pipeline.named(name);
        String[] values = IntStream.range(0, 100).mapToObj(String::valueOf).toArray(String[]::new);
        p.param("i", "0");
        p.step("trial").command("sh", "-c", "echo ${params.i} > ${outputs.out}").output("out", ArtifactType.FILE)
                .matrix("i", values);

        RunResult result = run(p.build());

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        Set<String> outputs = new HashSet<>();
        for (var step : result.steps()) {
            if (step.outputs().containsKey("out")) {
                outputs.add(Files.readString(step.outputs().get("out").path()).strip());
            }
        }
        assertThat(outputs).hasSize(100).contains("0", "99");
        // Trials that start together go as job arrays: far fewer sbatch calls and job records than trials.
        SlurmCommands.Result jobs = COMMANDS.run(List.of("squeue", "--noheader", "--states=all", "--array",
                "--Format=JobArrayID:|,Name:|"));
        Set<String> submissions = new HashSet<>();
        jobs.out().lines().filter(l -> l.contains("|gantry-" + name + "-")).forEach(l -> submissions.add(l.split("[_|]")[0]));
        assertThat(submissions).hasSizeBetween(1, 20);
    }

    @Test
    void aStepOverItsMemoryIsOutOfMemoryInSlurmsWords() throws Exception {
        Skip.unless(SlurmCluster.enforcesMemory(), "this cluster's slurm.conf enforces no memory limit"
                + " (TaskPlugin without task/cgroup): see README, 'Running on a cluster'");
        Pipeline p = Pipeline.named("hungry");
        p.step("eat").command("python3", "-c", "b = bytearray(400 * 1024 * 1024); print(len(b))").memory("64m");

        RunResult result = run(p.build());

        StepFailure failure = result.step("eat").orElseThrow().failure().orElseThrow();
        assertThat(failure.kind()).isEqualTo(FailureKind.OUT_OF_MEMORY);
        assertThat(failure.message()).contains("--mem=64M");
    }

    @Test
    void aStepNoNodeCanHoldIsUnschedulableWithSlurmsReason() {
        Pipeline p = Pipeline.named("greedy");
        p.step("huge").command("true").cpus(4096);

        RunResult result = run(p.build());

        StepFailure failure = result.step("huge").orElseThrow().failure().orElseThrow();
        assertThat(failure.kind()).isEqualTo(FailureKind.UNSCHEDULABLE);
        // Depending on its configuration, Slurm refuses such a job, or takes it and says why it waits for ever.
        assertThat(failure.message()).containsPattern("Slurm refused the job: |Slurm would never start job \\d+"
                + " \\(pending, Partition");
    }

    @Test
    void thePartitionComesFromTheSettingsFileAndAStepsOwnSettingsOverIt() throws Exception {
        Files.writeString(dir.resolve("gantry.yaml"), "executors:\n  slurm: {partition: nosuch, poll: 100ms}\n");
        Pipeline p = Pipeline.named("placed");
        p.step("wrong").command("true");
        p.step("right").command("true").executorSettings("slurm", Map.of("partition", defaultPartition()));

        RunResult result = run(p.build());

        assertThat(result.step("right").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
        StepFailure failure = result.step("wrong").orElseThrow().failure().orElseThrow();
        assertThat(failure.kind()).isEqualTo(FailureKind.COULD_NOT_START);
        assertThat(failure.message()).containsIgnoringCase("invalid partition");
    }

    @Test
    void aMistakeInTheSettingsIsReportedAtItsLineBeforeAnythingRuns() throws Exception {
        Path file = Files.writeString(dir.resolve("gantry.yaml"), "executors:\n  slurm:\n    partiton: gpu\n");
        Pipeline p = Pipeline.named("never");
        p.step("a").command("true");

        assertThatThrownBy(() -> run(p.build())).isInstanceOf(InvalidSettingsException.class)
                .hasMessage(file + ":3:5: unknown key 'partiton' in 'executors.slurm' in " + file
                        + " (did you mean 'partition'?)");
    }

    @Test
    void aJobOfAnEngineThatDiedIsCancelledWhenTheExecutorOpens() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String comment = "gantry run=r1 step=s attempt=1 host=" + dev.gantry.engine.spi.EngineHost.name() + " pid="
                + gone.pid();
        SlurmCommands.Result submitted = COMMANDS.run(List.of("sbatch", "--parsable", "--job-name=gantry-orphan-s",
                "--comment=" + comment, "--output=/dev/null", "--wrap=sleep 300"));
        assertThat(submitted.ok()).as(submitted.error()).isTrue();
        Pipeline p = Pipeline.named("next");
        p.step("a").command("true");

        RunResult result = run(p.build());

        assertThat(result.succeeded()).isTrue();
        assertThat(notices).anySatisfy(n -> assertThat(n).startsWith("cancelled 1 Slurm job left behind by an engine"
                + " that died: job " + submitted.out().strip() + " (gantry-orphan-s, run r1)"));
        assertThat(stateOfJob("gantry-orphan-s")).isEqualTo("CANCELLED");
    }

    private static String defaultPartition() throws IOException {
        SlurmCommands.Result partitions = COMMANDS.run(List.of("sinfo", "--noheader", "--format=%P"));
        List<String> names = new ArrayList<>(List.of(partitions.out().strip().split("\n")));
        return names.stream().filter(n -> n.endsWith("*")).findFirst().orElse(names.get(0)).replace("*", "");
    }
}
