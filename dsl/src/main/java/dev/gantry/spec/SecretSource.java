package dev.gantry.spec;

/**
 * Where a secret's value is read when a run starts. The value itself is never part of a spec:
 * only where it comes from.
 */
public sealed interface SecretSource {
    /** The source as a message names it, such as {@code environment variable HF_TOKEN}. */
    String describe();

    /**
     * The value of an environment variable of the process that runs the pipeline.
     *
     * @param name the variable's name
     */
    record EnvVar(String name) implements SecretSource {
        public EnvVar {
            Names.requireNonBlank(name, "secret source variable");
        }

        @Override
        public String describe() {
            return "environment variable " + name;
        }
    }

    /**
     * The content of a file, less one trailing line break. {@code ~} at its start means the
     * home directory; a relative path resolves against the pipeline file's directory.
     *
     * @param path the path as written
     */
    record HostFile(String path) implements SecretSource {
        public HostFile {
            Names.requireNonBlank(path, "secret source file");
        }

        @Override
        public String describe() {
            return "file " + path;
        }
    }
}
