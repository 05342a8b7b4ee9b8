package dev.gantry.engine.spi;

import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Runs attempts of steps: as host processes, in containers, or on a cluster. An
 * {@link ExecutorProvider} makes one for a run, and the engine drives it in three phases:
 * <ol>
 *   <li>{@link #prepare}, once per step and run, before its cache is consulted: resolve what
 *       the step runs in (pull or build an image, digest a host program), which joins its cache
 *       key;
 *   <li>{@link #start}, once per attempt of a step the cache could not serve, with the
 *       {@link PreparedStep} that prepare returned;
 *   <li>{@link RunningStep#waitFor} and {@link RunningStep#kill} on what start returned.
 * </ol>
 *
 * <p>Artifacts stay where the engine keeps them, on a filesystem the executor's steps share with
 * it (the host's own, a mounted volume, a cluster's shared filesystem): the executor only says
 * at which path a step sees each one ({@link #inputPath}, {@link #outputPath}). Admission is the
 * executor's too: the engine starts a step only when its resources fit in {@link #capacity}.
 */
public interface StepExecutor extends AutoCloseable {
    /** The executor's name, as {@code --executor} takes it. */
    String name();

    /**
     * Makes the step ready to run and says what it runs in, for its cache key. Must not start
     * it: a step the cache serves never starts.
     *
     * @param run the run's directory, host file digests and what the executor keeps for the run
     * @throws ExecutionException when it cannot be made ready (a missing code file or image, a
     *     failing fingerprint command, say)
     */
    PreparedStep prepare(PipelineSpec pipeline, StepSpec step, RunScope run);

    /**
     * What the executor can run at once. By default this machine's cores, memory and GPUs.
     *
     * @param needsMemory whether some step declares memory, so the memory bound must be known
     * @param needsGpus whether some step asks for GPUs, so the devices must be found
     */
    default Capacity capacity(boolean needsMemory, boolean needsGpus) {
        return Capacity.ofThisMachine(needsMemory, needsGpus);
    }

    /**
     * How many steps may run at once when the run does not say ({@code --parallel}): by default
     * this machine's cores. A cluster's executor returns more, and leaves queueing to the
     * cluster's scheduler.
     */
    default int defaultParallel() {
        return Runtime.getRuntime().availableProcessors();
    }

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

    /** Starts an attempt of a step that {@link #prepare} made ready ({@link StepLaunch#prepared()}). */
    RunningStep start(StepLaunch launch) throws IOException;

    /**
     * What this executor, open now, finds it cannot run of {@code pipeline} before any step
     * starts, such as a Docker image that is neither on the host nor in a registry: {@code auto}
     * passes the executor over for it, as it does for {@link ExecutorProvider#unsuited}. By
     * default nothing; it is asked of {@code auto}'s candidates only, so it may take a while.
     */
    default Optional<Unsuited> unsuitedHere(PipelineSpec pipeline) {
        return Optional.empty();
    }

    /** Lets go of what the executor holds, such as its connection to a daemon. */
    @Override
    default void close() {}
}
