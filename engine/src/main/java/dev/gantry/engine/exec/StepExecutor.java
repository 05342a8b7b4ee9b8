package dev.gantry.engine.exec;

import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Runs attempts of steps: as host processes, or in containers. */
public interface StepExecutor {
    /** The executor's name, as {@code --executor} takes it. */
    String name();

    /**
     * What the step runs in, for its cache key: an image ID for containers, the digests of
     * the step's code files for host processes.
     *
     * @throws ExecutionException when it cannot be determined (a missing code file, say)
     */
    Map<String, Object> environmentIdentity(PipelineSpec pipeline, StepSpec step, Path baseDir);

    /** The path at which the step sees input {@code name}, whose host path is {@code host}. */
    default String inputPath(String name, Path host) {
        return host.toString();
    }

    /** The path at which the step writes output {@code name}, whose host scratch path is {@code host}. */
    default String outputPath(String name, Path host) {
        return host.toString();
    }

    /**
     * Whether the executor can give a step a secret as a file ({@code as: file}) without
     * writing it to a disk: a container executor, onto an in-memory mount.
     */
    default boolean givesSecretFiles() {
        return false;
    }

    /** Starts an attempt. */
    RunningStep start(StepLaunch launch) throws IOException;
}
