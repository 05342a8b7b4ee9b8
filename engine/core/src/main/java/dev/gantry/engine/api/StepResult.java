package dev.gantry.engine.api;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How one step of a run ended.
 *
 * @param name the step
 * @param status how it ended
 * @param cacheKey its cache key, when one was computed
 * @param outputs its outputs, when it succeeded or came from the cache
 * @param attempts attempts made (0 for a cached or skipped step)
 * @param elapsed wall time of the step
 * @param message why it failed or was skipped, or which run it was cached from
 * @param failure what kind of failure ended it, when it failed
 */
public record StepResult(
        String name,
        StepStatus status,
        Optional<String> cacheKey,
        Map<String, OutputArtifact> outputs,
        int attempts,
        Duration elapsed,
        Optional<String> message,
        Optional<StepFailure> failure) {

    public StepResult {
        outputs = Map.copyOf(outputs);
    }
}
