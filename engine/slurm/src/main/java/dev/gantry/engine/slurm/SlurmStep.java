package dev.gantry.engine.slurm;

import dev.gantry.engine.spi.PreparedStep;
import java.util.Map;

/**
 * A step prepared for Slurm: its identity as a host program, the settings it is submitted with
 * (the executor's, with the step's own over them) and its pipeline's name.
 */
record SlurmStep(Map<String, Object> identity, SlurmSettings settings, String pipeline) implements PreparedStep {}
