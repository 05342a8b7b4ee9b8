package dev.gantry.engine.docker;

import static dev.gantry.engine.docker.DockerCheck.TEST_IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.StepFailure;
import dev.gantry.engine.api.StepResult;
import dev.gantry.engine.internal.store.RunStore;
import dev.gantry.engine.internal.store.StoreLayout;
import dev.gantry.spec.FailureKind;
import dev.gantry.spec.RetrySpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container the kernel kills for its memory is an out-of-memory failure: tried again only
 * when the step says how its memory grows, and then with that much more memory.
 */
@RequiresDocker
class DockerRetryByKindTest {
    /** Holds about 22 MB in a shell variable: more than 32 MB of container memory allows, less than 64 MB. */
    private static final String HOG = "x=$(head -c 22000000 /dev/zero | tr '\\0' a); echo held ${#x} bytes";

    @TempDir
    Path dir;

    @Test
    void anOutOfMemoryAtTheSameLimitIsNotTriedAgain() {
        Pipeline p = Pipeline.named("hungry");
        p.defaultImage(TEST_IMAGE);
        p.step("hog").command("sh", "-c", HOG).memory("32m").retry(3, "0s");

        RunResult result = run(p);

        StepResult hog = result.step("hog").orElseThrow();
        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(hog.attempts()).isEqualTo(1);
        StepFailure failure = hog.failure().orElseThrow();
        assertThat(failure.kind()).isEqualTo(FailureKind.OUT_OF_MEMORY);
        assertThat(failure.exitCode()).contains(137);
        assertThat(failure.message()).isEqualTo("out of memory (limit 32m) (attempt 1 of 3); not retried: at the"
                + " same memory limit it would run out again ('retry: {memory: x2}' doubles the memory for each retry)");
    }

    @Test
    void aStepWhoseMemoryGrowsOnRetryGetsTwiceTheMemoryAndSucceeds() throws Exception {
        Pipeline p = Pipeline.named("growing");
        p.defaultImage(TEST_IMAGE);
        p.step("hog").command("sh", "-c", HOG).memory("32m")
                .retry(new RetrySpec(3, Duration.ZERO, Optional.empty(), Optional.of(2.0)));

        RunResult result = run(p);

        StepResult hog = result.step("hog").orElseThrow();
        assertThat(result.status()).as(hog.message().orElse("")).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(hog.attempts()).isEqualTo(2);
        try (RunStore store = RunStore.open(new StoreLayout(dir.resolve("store")))) {
            var attempts = store.queries().attempts(result.runId(), "hog");
            assertThat(attempts).hasSize(2);
            assertThat(attempts.get(0).failureKind()).contains(FailureKind.OUT_OF_MEMORY);
            assertThat(attempts.get(0).message()).contains("out of memory (limit 32m)");
            assertThat(attempts.get(1).succeeded()).isTrue();
        }
        assertThat(java.nio.file.Files.readString(result.runDir().resolve("hog/attempt-2.log")))
                .isEqualTo("held 22000000 bytes\n");
    }

    private RunResult run(Pipeline p) {
        try (DockerRuns docker = new DockerRuns(dir)) {
            return docker.run(p.build());
        }
    }
}
