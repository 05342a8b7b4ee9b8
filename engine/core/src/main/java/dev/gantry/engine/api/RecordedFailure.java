package dev.gantry.engine.api;

import dev.gantry.spec.FailureKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Why a recorded step failed, as the store keeps it: the kind of failure of its last attempt,
 * that attempt's exit code where its program exited, the message, and the last lines of its log.
 *
 * @param kind what kind of failure it was
 * @param exitCode the exit code of the last attempt, when its program exited
 * @param message what went wrong, in words, such as {@code exit code 3}
 * @param logTail the last lines of the last attempt's log, oldest first; empty when it wrote none
 * @param log the last attempt's log file, when it is still there
 */
public record RecordedFailure(
        FailureKind kind, Optional<Integer> exitCode, String message, List<String> logTail, Optional<Path> log) {
    public RecordedFailure {
        logTail = List.copyOf(logTail);
    }
}
