package dev.gantry.spec;

import java.util.List;

/**
 * Where a step input comes from: an output of another step, the outputs of every trial of a
 * matrix step, or a file or directory on the host whose content is hashed into the cache key.
 */
public sealed interface InputSpec permits InputSpec.StepOutput, InputSpec.Collected, InputSpec.HostPath {

    /** An output of an earlier step, written {@code step.output} in YAML. */
    record StepOutput(String step, String output) implements InputSpec {
        public StepOutput {
            Names.requireNonBlank(step, "step");
            Names.requireNonBlank(output, "output");
        }

        @Override
        public String toString() {
            return step + "." + output;
        }
    }

    /** A host file or directory, relative to the pipeline file's directory unless absolute. */
    record HostPath(String path) implements InputSpec {
        public HostPath {
            Names.requireNonBlank(path, "path");
        }

        @Override
        public String toString() {
            return path;
        }
    }

    /**
     * One output of every trial of a matrix step, written {@code {collect: step.output}} in
     * YAML. The step sees a directory holding each trial's artifact under the trial's number
     * ({@code 1}, {@code 2}, ...) and {@code matrix.json}, which maps each number to the
     * trial's parameter values.
     *
     * @param step the matrix step
     * @param output its output
     * @param trials the trial steps the matrix expanded into, in trial order; empty in a
     *     pipeline as declared, and filled in when the matrix is expanded for a run
     */
    record Collected(String step, String output, List<String> trials) implements InputSpec {
        public Collected {
            Names.requireNonBlank(step, "step");
            Names.requireNonBlank(output, "output");
            trials = List.copyOf(trials);
        }

        /** A collected output as declared, before expansion. */
        public Collected(String step, String output) {
            this(step, output, List.of());
        }

        /** The output that is collected, as a reference to the declared matrix step. */
        public StepOutput source() {
            return new StepOutput(step, output);
        }

        /** The steps whose outputs are read: the trials once expanded, else the matrix step. */
        public List<String> steps() {
            return trials.isEmpty() ? List.of(step) : trials;
        }

        @Override
        public String toString() {
            return "collect " + step + "." + output;
        }
    }
}
