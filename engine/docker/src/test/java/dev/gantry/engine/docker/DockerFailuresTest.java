package dev.gantry.engine.docker;

import static dev.gantry.engine.docker.DockerCheck.TEST_IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.dsl.StepBuilder;
import dev.gantry.engine.api.RunListener;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.StepResult;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.spec.ArtifactType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How containers fail, are stopped and are cleaned up, against a real daemon. */
@RequiresDocker
class DockerFailuresTest {
    @TempDir
    Path dir;

    @Test
    void aWriteToAnInputFailsInsideTheContainerAndLeavesTheStoredObjectAsItWas() throws Exception {
        Pipeline p = Pipeline.named("tamper");
        p.defaultImage(TEST_IMAGE);
        StepBuilder source = p.step("source").command("sh", "-c", "echo original > ${outputs.data}")
                .output("data", ArtifactType.FILE);
        p.step("tamper").command("sh", "-c", "echo changed > ${inputs.data}")
                .input("data", source.out("data"));
        RunResult result;
        try (DockerRuns docker = new DockerRuns(dir)) {
            result = docker.run(p.build());
        }

        StepResult tamper = result.step("tamper").orElseThrow();
        assertThat(tamper.status()).isEqualTo(StepStatus.FAILED);
        assertThat(tamper.message()).contains("exit code 1");
        assertThat(Files.readString(result.runDir().resolve("tamper/attempt-1.log")))
                .isEqualTo("sh: can't create /gantry/inputs/data: Read-only file system\n");
        assertThat(Files.readString(result.step("source").orElseThrow().outputs().get("data").path()))
                .isEqualTo("original\n");
    }

    @Test
    void aStepThatOutgrowsItsMemoryLimitIsReportedOutOfMemory() {
        Pipeline p = Pipeline.named("hungry");
        p.defaultImage(TEST_IMAGE);
        // The shell holds 100 MB in a variable, in a container allowed 32 MB.
        p.step("hog").command("sh", "-c", "x=$(head -c 100000000 /dev/zero | tr '\\0' a); echo ${#x}")
                .memory("32m");
        RunResult result;
        try (DockerRuns docker = new DockerRuns(dir)) {
            result = docker.run(p.build());
        }

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.step("hog").orElseThrow().message()).contains("out of memory (limit 32m)");
    }

    @Test
    void anAttemptPastItsTimeoutIsKilledAndItsContainerRemoved() {
        Pipeline p = Pipeline.named("slow");
        p.defaultImage(TEST_IMAGE);
        p.step("sleepy").command("sleep", "60").timeout("1s");
        long start = System.nanoTime();
        RunResult result;
        try (DockerRuns docker = new DockerRuns(dir)) {
            result = docker.run(p.build());
        }

        assertThat(result.step("sleepy").orElseThrow().message()).contains("timed out after 1s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        try (TestDocker docker = TestDocker.connect()) {
            assertThat(docker.containersOfRun(result.runId())).isEmpty();
        }
    }

    @Test
    void aCancelledRunLeavesNoContainerBehind() throws Exception {
        Pipeline p = Pipeline.named("cancel");
        p.defaultImage(TEST_IMAGE);
        p.step("a").command("sleep", "60");
        p.step("b").command("sleep", "60");
        CompletableFuture<String> started = new CompletableFuture<>();
        CompletableFuture<String> runId = new CompletableFuture<>();
        RunResult result;
        try (DockerRuns docker = new DockerRuns(dir); TestDocker daemon = TestDocker.connect()) {
            CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> docker.run(p.build(),
                    o -> o.withParallel(2).withListener(new RunListener() {
                        @Override
                        public void runStarted(String id, String pipeline, List<String> steps) {
                            runId.complete(id);
                        }

                        @Override
                        public void stepStarted(String step, int attempt, int maxAttempts) {
                            started.complete(step);
                        }
                    })));
            started.get(30, TimeUnit.SECONDS);
            String id = runId.get();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (daemon.containersOfRun(id).size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(daemon.containersOfRun(id)).hasSize(2);

            docker.engine().cancel();
            result = run.get(30, TimeUnit.SECONDS);

            assertThat(daemon.containersOfRun(id)).isEmpty();
        }
        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.steps()).extracting(StepResult::status).containsOnly(StepStatus.CANCELLED);
    }
}
