package dev.gantry.engine.internal.store;

import dev.gantry.engine.api.OutputArtifact;
import java.util.Map;

/**
 * What a run needs of a cache hit: the run that produced the outputs, and the outputs.
 *
 * @param runId the run whose step committed the outputs
 * @param outputs output name to artifact, in the step's order
 */
public record CachedOutputs(String runId, Map<String, OutputArtifact> outputs) {}
