package dev.gantry.spec;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a pipeline's steps run: the name of an executor, or {@code auto}. Executors are plug-ins
 * of the engine, so any well-formed name may be written here; the engine checks it against the
 * executors installed where the pipeline runs, and says which are.
 *
 * @param name lower-case letters, digits and {@code -}, starting with a letter
 */
public record ExecutorChoice(String name) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    /** Each step is a host process in the pipeline's directory. */
    public static final ExecutorChoice LOCAL = new ExecutorChoice("local");
    /** Each step runs in its own Docker container. */
    public static final ExecutorChoice DOCKER = new ExecutorChoice("docker");
    /**
     * The installed executor that suits the pipeline and ranks highest: Docker when the daemon
     * answers and every step has an image; otherwise the local executor, with a one-line notice
     * saying why. The default.
     */
    public static final ExecutorChoice AUTO = new ExecutorChoice("auto");

    public ExecutorChoice {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("an executor's name is lower-case letters, digits and '-', starting"
                    + " with a letter, was " + (name == null ? "null" : "'" + name + "'"));
        }
    }

    /** The choice named {@code name}, if it is a well-formed name. */
    public static Optional<ExecutorChoice> parse(String name) {
        return name != null && NAME.matcher(name).matches() ? Optional.of(new ExecutorChoice(name)) : Optional.empty();
    }

    /** Whether the engine picks the executor ({@code auto}). */
    public boolean isAuto() {
        return equals(AUTO);
    }

    @Override
    public String toString() {
        return name;
    }
}
