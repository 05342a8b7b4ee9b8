package dev.gantry.spec;

/**
 * Where a step input comes from: an output of another step, or a file or directory on the
 * host whose content is hashed into the cache key.
 */
public sealed interface InputSpec permits InputSpec.StepOutput, InputSpec.HostPath {

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
}
