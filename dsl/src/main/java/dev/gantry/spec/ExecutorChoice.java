package dev.gantry.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a pipeline's steps run: as host processes, in Docker containers, or whichever is available. */
public enum ExecutorChoice {
    /** Each step is a host process in the pipeline's directory. */
    LOCAL,
    /** Each step runs in its own Docker container. */
    DOCKER,
    /**
     * Docker when the daemon answers and every step has an image to run in; otherwise the local
     * executor, with a one-line notice saying why. The default.
     */
    AUTO;

    /** The name used in pipeline files and on the command line, such as {@code docker}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Looks a choice up by its pipeline-file name. */
    public static Optional<ExecutorChoice> fromYamlName(String name) {
        return Arrays.stream(values()).filter(c -> c.yamlName().equals(name)).findFirst();
    }
}
