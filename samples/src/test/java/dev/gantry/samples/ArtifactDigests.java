package dev.gantry.samples;

import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.StepResult;
import java.util.Map;
import java.util.TreeMap;

/** The artifacts a run made, by digest: what must not differ whichever executor ran it. */
final class ArtifactDigests {
    private ArtifactDigests() {}

    /** {@code step.output} to its digest, for every output of every step. */
    static Map<String, String> of(RunResult result) {
        Map<String, String> digests = new TreeMap<>();
        for (StepResult step : result.steps()) {
            for (Map.Entry<String, OutputArtifact> o : step.outputs().entrySet()) {
                digests.put(step.name() + "." + o.getKey(), o.getValue().sha256());
            }
        }
        return digests;
    }
}
