package dev.gantry.engine.run;

import dev.gantry.engine.OutputArtifact;
import java.util.Map;

/** A cache hit: the run that produced the outputs, and the outputs. */
record CachedOutputs(String runId, Map<String, OutputArtifact> outputs) {}
