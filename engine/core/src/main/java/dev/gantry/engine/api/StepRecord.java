package dev.gantry.engine.api;

import dev.gantry.spec.FailureKind;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A step of a run as the run store keeps it.
 *
 * @param runId the run
 * @param step the step's name
 * @param status its status
 * @param cacheKey its cache key, once computed
 * @param keyParts the canonical JSON the key was hashed from
 * @param startedAt when it started
 * @param endedAt when it ended
 * @param attempts attempts made
 * @param message why it failed or was skipped, or where it was cached from
 * @param failureKind what kind of failure ended it, when it failed
 * @param outputs its outputs, by name
 */
public record StepRecord(
        String runId,
        String step,
        StepStatus status,
        Optional<String> cacheKey,
        Optional<String> keyParts,
        Optional<Instant> startedAt,
        Optional<Instant> endedAt,
        int attempts,
        Optional<String> message,
        Optional<FailureKind> failureKind,
        Map<String, OutputArtifact> outputs) {}
