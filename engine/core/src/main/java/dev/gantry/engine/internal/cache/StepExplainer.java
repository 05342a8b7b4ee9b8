package dev.gantry.engine.internal.cache;

import dev.gantry.engine.api.CacheEntry;
import dev.gantry.engine.api.StepExplanation;
import dev.gantry.engine.api.StepExplanation.Verdict;
import dev.gantry.engine.api.StepRecord;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.engine.internal.store.CacheIndex;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Explains a recorded step's cache hit or miss from the run store's cache index. */
public final class StepExplainer {
    private final CacheIndex cache;

    public StepExplainer(CacheIndex cache) {
        this.cache = cache;
    }

    /** Why {@code step} came from the cache or ran. */
    public StepExplanation explain(StepRecord step) {
        if (step.cacheKey().isEmpty() || step.keyParts().isEmpty()) {
            return explanation(step, List.of(), Verdict.NO_KEY, Optional.empty(), List.of());
        }
        String key = step.cacheKey().get();
        List<String> parts = KeyDiff.describe(step.keyParts().get());
        if (step.status() == StepStatus.CACHED) {
            return explanation(step, parts, Verdict.HIT, Optional.empty(), List.of());
        }
        if (step.message().filter(CacheExpiry::isExpiryNote).isPresent()) {
            return explanation(step, parts, Verdict.EXPIRED, Optional.empty(), List.of());
        }
        Instant before = step.startedAt().orElse(Instant.now());
        Optional<CacheEntry> same = cache.findCacheEntry(key).filter(e -> e.createdAt().isBefore(before));
        if (same.isPresent()) {
            return explanation(step, parts, Verdict.RAN_ALTHOUGH_CACHED, same, List.of());
        }
        Optional<CacheEntry> previous = cache.previousCacheEntry(step.step(), key, before);
        if (previous.isEmpty()) {
            return explanation(step, parts, Verdict.FIRST_MISS, Optional.empty(), List.of());
        }
        return explanation(step, parts, Verdict.MISS, previous,
                KeyDiff.between(previous.get().keyParts(), step.keyParts().get()));
    }

    private static StepExplanation explanation(StepRecord step, List<String> parts, Verdict verdict,
            Optional<CacheEntry> comparedWith, List<String> changes) {
        return new StepExplanation(step.runId(), step.step(), step.status(), step.cacheKey(), parts, verdict,
                step.message(), comparedWith, changes);
    }
}
