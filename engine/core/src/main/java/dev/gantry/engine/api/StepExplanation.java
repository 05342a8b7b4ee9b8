package dev.gantry.engine.api;

import java.util.List;
import java.util.Optional;

/**
 * Why a step of a run came from the cache or ran: its cache key's parts and, for a miss, which
 * of them differ from the step's previous cached entry.
 *
 * @param runId the run
 * @param step the step
 * @param status how the step ended
 * @param cacheKey its cache key; empty when it ended before the key was computed
 * @param keyParts the key's parts, one {@code path: value} line each
 * @param verdict what the key meant for the step
 * @param message the step's own message: where a hit came from, or why it ended early
 * @param comparedWith the entry a miss is compared with, or the entry a step ran in spite of
 * @param changes for a miss, the parts that changed since {@code comparedWith}, one line each
 */
public record StepExplanation(
        String runId,
        String step,
        StepStatus status,
        Optional<String> cacheKey,
        List<String> keyParts,
        Verdict verdict,
        Optional<String> message,
        Optional<CacheEntry> comparedWith,
        List<String> changes) {

    public StepExplanation {
        keyParts = List.copyOf(keyParts);
        changes = List.copyOf(changes);
    }

    /** What a step's cache key meant for it. */
    public enum Verdict {
        /** It ended before its key was computed. */
        NO_KEY,
        /** It came from the cache. */
        HIT,
        /** It ran although an earlier run had cached its key: caching was off, or an object was missing. */
        RAN_ALTHOUGH_CACHED,
        /** It ran because the entry of its key was older than its {@code cache: {max-age}}; the message says whose. */
        EXPIRED,
        /** It ran, and no earlier entry of a step of that name exists to compare with. */
        FIRST_MISS,
        /** It ran; {@code changes} says what differs from the previous entry. */
        MISS;

        /** The lower-case name used in JSON. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
