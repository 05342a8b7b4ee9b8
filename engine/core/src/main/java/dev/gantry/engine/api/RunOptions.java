package dev.gantry.engine.api;

import dev.gantry.spec.ExecutorChoice;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run a pipeline. Immutable; each {@code with} method returns a changed copy.
 *
 * @param params parameter overrides. Default: none
 * @param selection which steps run. Default: all
 * @param noCache run every selected step even when a cached result exists. Default: false
 * @param verifyCache re-hash cached objects before using them. Default: false
 * @param keepGoing after a failure, finish the branches that do not depend on it. Default: false
 * @param parallel how many steps may run at once. Default: the executor's own
 *     ({@link dev.gantry.engine.spi.StepExecutor#defaultParallel()}): this machine's cores for the
 *     local and Docker executors; many more for a cluster's, whose scheduler decides
 * @param baseDir the directory relative paths in the pipeline resolve against. Default: the
 *     pipeline file's directory, or the working directory for a pipeline built in Java
 * @param pipelineFile the file the pipeline was read from, recorded with the run
 * @param listener hears this run's events, before the listeners subscribed to the engine (which
 *     hear every run) do. Default: none
 * @param parentRun the run this one reruns or resumes, recorded with it. Default: none
 * @param executor where the steps run. Default: the pipeline's {@code executor:}, else
 *     {@link ExecutorChoice#AUTO}: Docker when the daemon answers and every step has an image,
 *     else host processes
 * @param trigger what started the run, recorded with it. Default: {@link RunTrigger#API}
 */
public record RunOptions(
        Map<String, String> params,
        Selection selection,
        boolean noCache,
        boolean verifyCache,
        boolean keepGoing,
        Optional<Integer> parallel,
        Optional<Path> baseDir,
        Optional<Path> pipelineFile,
        RunEventListener listener,
        Optional<String> parentRun,
        Optional<ExecutorChoice> executor,
        RunTrigger trigger) {

    public RunOptions {
        params = Map.copyOf(params);
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(trigger, "trigger");
        if (parallel.isPresent() && parallel.get() < 1) {
            throw new IllegalArgumentException("parallel must be >= 1, was " + parallel.get());
        }
    }

    /** Every default. */
    public static RunOptions defaults() {
        return new RunOptions(Map.of(), Selection.ALL, false, false, false,
                Optional.empty(), Optional.empty(), Optional.empty(), RunListener.NONE,
                Optional.empty(), Optional.empty(), RunTrigger.API);
    }

    public RunOptions withParam(String name, String value) {
        Map<String, String> p = new LinkedHashMap<>(params);
        p.put(name, value);
        return new RunOptions(p, selection, noCache, verifyCache, keepGoing, parallel, baseDir, pipelineFile,
                listener, parentRun, executor, trigger);
    }

    public RunOptions withSelection(Selection value) {
        return new RunOptions(params, value, noCache, verifyCache, keepGoing, parallel, baseDir, pipelineFile,
                listener, parentRun, executor, trigger);
    }

    public RunOptions withNoCache(boolean value) {
        return new RunOptions(params, selection, value, verifyCache, keepGoing, parallel, baseDir, pipelineFile,
                listener, parentRun, executor, trigger);
    }

    public RunOptions withVerifyCache(boolean value) {
        return new RunOptions(params, selection, noCache, value, keepGoing, parallel, baseDir, pipelineFile,
                listener, parentRun, executor, trigger);
    }

    public RunOptions withKeepGoing(boolean value) {
        return new RunOptions(params, selection, noCache, verifyCache, value, parallel, baseDir, pipelineFile,
                listener, parentRun, executor, trigger);
    }

    public RunOptions withParallel(int value) {
        return new RunOptions(params, selection, noCache, verifyCache, keepGoing, Optional.of(value), baseDir,
                pipelineFile,
                listener, parentRun, executor, trigger);
    }

    public RunOptions withBaseDir(Path value) {
        return new RunOptions(params, selection, noCache, verifyCache, keepGoing, parallel, Optional.of(value),
                pipelineFile, listener, parentRun, executor, trigger);
    }

    public RunOptions withPipelineFile(Path value) {
        return new RunOptions(params, selection, noCache, verifyCache, keepGoing, parallel, baseDir,
                Optional.of(value), listener, parentRun, executor, trigger);
    }

    public RunOptions withParentRun(String runId) {
        return new RunOptions(params, selection, noCache, verifyCache, keepGoing, parallel, baseDir, pipelineFile,
                listener, Optional.of(runId), executor, trigger);
    }

    /**
     * Hears this run's events; to hear every run of an engine, subscribe to it instead
     * ({@code Gantry.subscribe}).
     */
    public RunOptions withListener(RunEventListener value) {
        return new RunOptions(params, selection, noCache, verifyCache, keepGoing, parallel, baseDir, pipelineFile,
                value, parentRun, executor, trigger);
    }

    /** Runs the steps with {@code value}, whatever the pipeline's {@code executor:} says. */
    public RunOptions withExecutor(ExecutorChoice value) {
        return new RunOptions(params, selection, noCache, verifyCache, keepGoing, parallel, baseDir, pipelineFile,
                listener, parentRun, Optional.of(value), trigger);
    }

    /** Records {@code value} as what started the run. */
    public RunOptions withTrigger(RunTrigger value) {
        return new RunOptions(params, selection, noCache, verifyCache, keepGoing, parallel, baseDir, pipelineFile,
                listener, parentRun, executor, value);
    }
}
