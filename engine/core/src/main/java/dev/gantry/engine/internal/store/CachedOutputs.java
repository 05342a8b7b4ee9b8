package dev.gantry.engine.internal.store;

import dev.gantry.engine.api.OutputArtifact;
import java.time.Instant;
import java.util.Map;

/**
 * What a run needs of a cache hit: the run that produced the outputs, the outputs, and when the
 * entry was made (a step's {@code cache: {max-age}} goes by it).
 *
 * @param runId the run whose step committed the outputs
 * @param outputs output name to artifact, in the step's order
 * @param createdAt when the entry was recorded
 */
public record CachedOutputs(String runId, Map<String, OutputArtifact> outputs, Instant createdAt) {}
