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
     * What the step runs in, for its cache key: an image ID for containers; for host processes
     * the digests of the step's code files, of the program it starts (and a script's
     * interpreter), of the scripts its command names, and of its fingerprint commands' output.
     *
     * @param programs what this run has already learned of host programs, so each is looked at
     *     once per run; executors that run no host process ignore it
     * @throws ExecutionException when it cannot be determined (a missing code file, a failing
     *     fingerprint command, say)
     */
    Map<String, Object> environmentIdentity(PipelineSpec pipeline, StepSpec step, Path baseDir,
            ProgramDigests programs);

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
