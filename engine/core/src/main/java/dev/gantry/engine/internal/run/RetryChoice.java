package dev.gantry.engine.internal.run;

import dev.gantry.spec.FailureKind;
import dev.gantry.spec.StepSpec;
import java.util.Optional;

/** Whether a failed attempt of a step is tried again, by its kind and the step's retry policy. */
final class RetryChoice {
    private RetryChoice() {}

    /**
     * Why the failure is not tried again, in words for the step's message; empty when it is.
     *
     * @param retryable whether another try could help at all (a full disk would fill again)
     */
    static Optional<String> whyNot(StepSpec step, FailureKind kind, Optional<Integer> exitCode, boolean retryable) {
        if (kind == FailureKind.COULD_NOT_START) {
            return Optional.of("not retried: a step that could not start would fail the same way again");
        }
        if (!retryable) {
            return Optional.of("not retried: another try would fail the same way");
        }
        if (step.retry().retries(kind, exitCode)) {
            return Optional.empty();
        }
        if (kind == FailureKind.OUT_OF_MEMORY && step.retry().memoryGrowth().isEmpty()) {
            return Optional.of("not retried: at the same memory limit it would run out again"
                    + " ('retry: {memory: x2}' doubles the memory for each retry)");
        }
        String what = kind == FailureKind.EXIT_CODE && exitCode.isPresent() ? "exit code " + exitCode.get()
                : kind.yamlName();
        return Optional.of("not retried: its retry policy's 'on' does not name " + what);
    }
}
