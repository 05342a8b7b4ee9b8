package dev.gantry.engine.api;

import java.time.Instant;
import java.util.Map;

/**
 * A completed step's outputs, found again by the step's cache key.
 *
 * @param key the cache key
 * @param step the step that produced it (for explaining misses; not part of the key)
 * @param pipeline the pipeline it ran in
 * @param runId the run that produced it
 * @param keyParts the canonical JSON the key was hashed from
 * @param outputs the outputs, by name
 * @param createdAt when it was recorded
 */
public record CacheEntry(
        String key,
        String step,
        String pipeline,
        String runId,
        String keyParts,
        Map<String, OutputArtifact> outputs,
        Instant createdAt) {}
