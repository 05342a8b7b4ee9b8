package dev.gantry.yaml;

import static dev.gantry.yaml.PipelineFiles.problemsReading;
import static dev.gantry.yaml.PipelineFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.spec.FailureKind;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.RetrySpec;
import dev.gantry.spec.RetrySpec.RetryOn;
import dev.gantry.spec.SpecCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A retry policy by failure kind and exit code, and memory that grows after running out of it. */
class RetryYamlTest {
    @TempDir
    Path dir;

    @Test
    void readsWritesAndEncodesAPolicyByKindExitCodeAndMemoryGrowth() {
        PipelineSpec spec = PipelineYaml.read(write(dir, """
                name: retries
                steps:
                  train:
                    command: [train]
                    resources: {memory: 1g}
                    retry: {attempts: 3, backoff: 5s, on: [timeout, 137, out-of-memory, 3], memory: x1.5}
                """));

        RetrySpec retry = spec.step("train").orElseThrow().retry();
        assertThat(retry).isEqualTo(new RetrySpec(3, Duration.ofSeconds(5), Optional.of(new RetryOn(
                List.of(FailureKind.TIMEOUT, FailureKind.OUT_OF_MEMORY), List.of(3, 137))), Optional.of(1.5)));
        assertThat(PipelineYaml.write(spec)).contains("\"on\": [timeout, out-of-memory, 3, 137]", "memory: x1.5");
        assertThat(PipelineYaml.parse(PipelineYaml.write(spec), "again.yaml")).isEqualTo(spec);
        assertThat(SpecCodec.read(SpecCodec.write(spec))).isEqualTo(spec);
    }

    @Test
    void theDefaultPolicyRetriesExitCodesTimeoutsAndInfrastructureButNeverACouldNotStart() {
        RetrySpec plain = new RetrySpec(3, Duration.ZERO);

        assertThat(plain.retries(FailureKind.EXIT_CODE, Optional.of(1))).isTrue();
        assertThat(plain.retries(FailureKind.TIMEOUT, Optional.empty())).isTrue();
        assertThat(plain.retries(FailureKind.INFRASTRUCTURE, Optional.empty())).isTrue();
        assertThat(plain.retries(FailureKind.OUT_OF_MEMORY, Optional.of(137))).isFalse();
        assertThat(plain.retries(FailureKind.COULD_NOT_START, Optional.empty())).isFalse();
        assertThat(plain.retries(FailureKind.INVALID_OUTPUT, Optional.empty())).isFalse();
        assertThat(plain.retries(FailureKind.CANCELLED, Optional.empty())).isFalse();
        RetrySpec growing = new RetrySpec(3, Duration.ZERO, Optional.empty(), Optional.of(2.0));
        assertThat(growing.retries(FailureKind.OUT_OF_MEMORY, Optional.of(137))).isTrue();
    }

    @Test
    void aPolicyThatNamesExitCodesRetriesThoseAndNoOthers() {
        RetrySpec onThree = new RetrySpec(3, Duration.ZERO, Optional.of(new RetryOn(List.of(), List.of(3))),
                Optional.empty());

        assertThat(onThree.retries(FailureKind.EXIT_CODE, Optional.of(3))).isTrue();
        assertThat(onThree.retries(FailureKind.EXIT_CODE, Optional.of(4))).isFalse();
        assertThat(onThree.retries(FailureKind.TIMEOUT, Optional.empty())).isFalse();
    }

    @Test
    void reportsEveryBadPolicyWithWhatWouldDo() {
        Path file = write(dir, """
                name: retries
                steps:
                  a:
                    command: [a]
                    retry: {attempts: 2, on: [could-not-start, timeot, 300]}
                  b:
                    command: [b]
                    resources: {memory: 1g}
                    retry: {attempts: 2, on: [out-of-memory]}
                  c:
                    command: [c]
                    resources: {memory: 1g}
                    retry: {attempts: 2, memory: x1}
                  d:
                    command: [d]
                    retry: {attempts: 2, memory: x2}
                """);

        assertThat(problemsReading(file)).containsExactly(
                "example.yaml:5:31: could-not-start in 'on' in retry of step 'a' is never retried: the same command"
                        + " or image would fail again (retry on: exit-code, out-of-memory, timeout, infrastructure, preempted,"
                        + " or exit codes)",
                "example.yaml:5:48: unknown failure kind 'timeot' in 'on' in retry of step 'a' (did you mean"
                        + " 'timeout'?) (retry on: exit-code, out-of-memory, timeout, infrastructure, preempted, or exit codes)",
                "example.yaml:5:56: invalid exit code 300 in 'on' in retry of step 'a' (1 to 255)",
                "example.yaml:9:30: 'on' in retry of step 'b' names out-of-memory, which needs 'memory' to say how"
                        + " the step's memory grows, such as 'memory: x2': at the same limit it would run out again",
                "example.yaml:13:34: expected a growth such as x2 or x1.5 (more than x1, at most x16) for 'memory'"
                        + " in retry of step 'c', got 'x1'",
                "example.yaml:16:26: step 'd' grows its memory on retry, but declares no memory to grow: set"
                        + " 'resources: {memory: ...}' on it or in the pipeline's defaults");
    }
}
