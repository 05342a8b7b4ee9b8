package dev.gantry.engine.slurm;

import dev.gantry.engine.spi.PreparedStep;
import java.util.Map;
import java.util.Optional;

/**
 * A step prepared for Slurm: its identity, the settings it is submitted with (the executor's,
 * with the step's own over them), its pipeline's name, and the OCI bundle it runs in, if any.
 */
record SlurmStep(Map<String, Object> identity, SlurmSettings settings, String pipeline, Optional<OciBundle> bundle)
        implements PreparedStep {}
