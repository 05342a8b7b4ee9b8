package dev.gantry.engine.spi;

import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;

/**
 * What the local executor knows of steps that run as host programs, for another executor whose
 * steps do too, such as a cluster's batch jobs on a shared filesystem: their cache identity.
 */
public interface HostSteps {
    /**
     * Prepares {@code step} as the local executor does: its identity holds the digests of its
     * {@code code:} files, of the program it starts (and a script's interpreter), of the scripts
     * its command names and the output of its {@code fingerprint:} commands, all as this machine
     * sees them, with {@code executor} as the executor's name. A missing code file fails it.
     *
     * @throws ExecutionException when it cannot be made ready
     */
    PreparedStep prepare(String executor, PipelineSpec pipeline, StepSpec step, RunScope run);
}
