package dev.gantry.engine.api;

import dev.gantry.spec.FailureKind;
import java.time.Instant;
import java.util.Optional;

/**
 * One attempt of a step.
 *
 * @param attempt its number, from 1
 * @param succeeded whether it succeeded
 * @param exitCode the process's exit code, if it exited
 * @param message why it failed
 * @param failureKind what kind of failure it was
 * @param logPath its log file
 * @param startedAt when it started
 * @param endedAt when it ended
 */
public record AttemptRecord(
        int attempt,
        boolean succeeded,
        Optional<Integer> exitCode,
        Optional<String> message,
        Optional<FailureKind> failureKind,
        String logPath,
        Instant startedAt,
        Instant endedAt) {}
