package dev.gantry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.StepFailure;
import dev.gantry.engine.api.StepRecord;
import dev.gantry.engine.api.StepResult;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.engine.internal.store.RunStore;
import dev.gantry.engine.internal.store.StoreLayout;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.FailureKind;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.RetrySpec;
import dev.gantry.spec.RetrySpec.RetryOn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed step says what kind of failure ended it, and its retries follow the kind. */
class FailureKindsTest {
    @TempDir
    Path dir;

    private RunResult run(PipelineSpec spec) {
        try (Gantry gantry = Gantry.open(dir.resolve("store"))) {
            return gantry.run(spec, RunOptions.defaults().withBaseDir(dir).withKeepGoing(true));
        }
    }

    private static RetrySpec onExitCodes(int attempts, Integer... codes) {
        return new RetrySpec(attempts, Duration.ZERO, Optional.of(new RetryOn(List.of(), List.of(codes))),
                Optional.empty());
    }

    @Test
    void anExitCodeThatThePolicyNamesIsTriedAgain() {
        Pipeline p = Pipeline.named("flaky");
        // Exits 3 the first time, then writes its output.
        p.step("flaky").command("sh", "-c", "if [ ! -e tried ]; then touch tried; exit 3; fi; echo ok > ${outputs.out}")
                .output("out", ArtifactType.FILE).retry(onExitCodes(3, 3));

        StepResult flaky = run(p.build()).step("flaky").orElseThrow();

        assertThat(flaky.status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(flaky.attempts()).isEqualTo(2);
        assertThat(flaky.failure()).isEmpty();
    }

    @Test
    void anExitCodeThatThePolicyDoesNotNameEndsTheStepWithItsLogTail() {
        Pipeline p = Pipeline.named("broken");
        p.step("broken").command("sh", "-c", "echo first line; echo 'no such table: users' >&2; exit 4")
                .retry(onExitCodes(3, 3));

        RunResult result = run(p.build());

        StepResult broken = result.step("broken").orElseThrow();
        assertThat(broken.attempts()).isEqualTo(1);
        StepFailure failure = broken.failure().orElseThrow();
        assertThat(failure.kind()).isEqualTo(FailureKind.EXIT_CODE);
        assertThat(failure.exitCode()).contains(4);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.message()).isEqualTo(
                "exit code 4 (attempt 1 of 3); not retried: its retry policy's 'on' does not name exit code 4");
        assertThat(failure.logTail()).containsExactly("first line", "no such table: users");
        assertThat(failure.log()).contains(result.runDir().resolve("broken/attempt-1.log"));
    }

    @Test
    void aStepThatCannotStartIsNeverTriedAgain() {
        Pipeline p = Pipeline.named("typo");
        p.step("typo").command("no-such-program-gantry", "--help").retry(3, "0s");

        StepResult typo = run(p.build()).step("typo").orElseThrow();

        assertThat(typo.attempts()).isEqualTo(1);
        StepFailure failure = typo.failure().orElseThrow();
        assertThat(failure.kind()).isEqualTo(FailureKind.COULD_NOT_START);
        assertThat(failure.exitCode()).isEmpty();
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.message()).startsWith("cannot start 'no-such-program-gantry': ")
                .endsWith(" (attempt 1 of 3); not retried: a step that could not start would fail the same way again");
    }

    @Test
    void aTimeoutIsTriedAgainByDefault() {
        Pipeline p = Pipeline.named("slow");
        p.step("slow").command("sleep", "5").timeout("300ms").retry(2, "0s");

        StepResult slow = run(p.build()).step("slow").orElseThrow();

        assertThat(slow.attempts()).isEqualTo(2);
        assertThat(slow.failure().orElseThrow().kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(slow.failure().orElseThrow().message()).isEqualTo("timed out after 300ms (attempt 2 of 2)");
    }

    @Test
    void theRunStoreKeepsEachFailuresKind() {
        Pipeline p = Pipeline.named("kinds");
        p.step("exits").command("sh", "-c", "exit 2");
        p.step("missing").command("no-such-program-gantry");
        p.step("invalid").command("true").output("table", ArtifactType.ARROW);

        RunResult result = run(p.build());

        try (RunStore store = RunStore.open(new StoreLayout(dir.resolve("store")))) {
            assertThat(store.queries().steps(result.runId())).extracting(StepRecord::step, StepRecord::failureKind)
                    .containsExactlyInAnyOrder(
                            Tuple.tuple("exits", Optional.of(FailureKind.EXIT_CODE)),
                            Tuple.tuple("missing", Optional.of(FailureKind.COULD_NOT_START)),
                            Tuple.tuple("invalid", Optional.of(FailureKind.INVALID_OUTPUT)));
            assertThat(store.queries().attempts(result.runId(), "exits").get(0).failureKind()).contains(FailureKind.EXIT_CODE);
        }
    }
}
