package dev.gantry.engine.api;

import dev.gantry.spec.FailureKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Why a step failed, as data: what kind of failure ended its last attempt, the exit code where
 * there was one, whether another try could help, the message, and the end of its log.
 *
 * @param kind what kind of failure it was
 * @param exitCode the step's exit code, when its program exited
 * @param retryable whether another try could succeed: a step that could not start, wrote an
 *     invalid output, was cancelled or filled the disk would fail the same way again
 * @param message what went wrong, in words, such as {@code exit code 3 (attempt 2 of 2)}
 * @param logTail the last lines the step printed, oldest first
 * @param log the last attempt's log file, when an attempt started
 */
public record StepFailure(
        FailureKind kind,
        Optional<Integer> exitCode,
        boolean retryable,
        String message,
        List<String> logTail,
        Optional<Path> log) {

    public StepFailure {
        logTail = List.copyOf(logTail);
    }

    /** A failure before any attempt ran, such as a step that could not be prepared: no exit, no log. */
    public static StepFailure beforeStart(FailureKind kind, String message) {
        return new StepFailure(kind, Optional.empty(), kind == FailureKind.INFRASTRUCTURE, message, List.of(),
                Optional.empty());
    }
}
