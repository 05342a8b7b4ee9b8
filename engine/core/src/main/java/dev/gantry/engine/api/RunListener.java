package dev.gantry.engine.api;

import java.nio.file.Path;
import java.util.List;

/**
 * Hears what a run does as it happens: the CLI's progress display is one. Methods may be
 * called from several threads at once; each has a default that does nothing.
 */
public interface RunListener {
    /** A listener that ignores everything. */
    RunListener NONE = new RunListener() {};

    /**
     * Something the user should know that is not about one step, in one line: which executor
     * {@code auto} fell back to and why, or leftover containers that were removed.
     */
    default void notice(String message) {}

    /**
     * Something the pipeline allows that the user should not miss, in one line, such as a step
     * that opts in to an unsafe container setting: {@code step 'x' opts in to unsafe host-network}.
     * Called before {@link #runStarted}.
     */
    default void warning(String message) {}

    /** The run has been planned and recorded; {@code steps} are in plan order. */
    default void runStarted(String runId, String pipeline, List<String> steps) {}

    /**
     * The run has matrices: {@code values} holds the parameter values of each of their trials
     * (the steps they expanded into) by step name. Called once, right after {@link #runStarted}.
     */
    default void trialsPlanned(java.util.Map<String, java.util.Map<String, String>> values) {}

    /** An attempt of a step has started. */
    default void stepStarted(String step, int attempt, int maxAttempts) {}

    /** A step printed a line (stdout and stderr together). */
    default void stepOutput(String step, String line) {}

    /** An attempt failed and the step will be tried again after {@code backoffMillis}. */
    default void stepRetrying(String step, int failedAttempt, String reason, long backoffMillis) {}

    /**
     * A step is over. For a failed step, {@code logTail} holds the last lines of its log and
     * {@code log} the log file.
     */
    default void stepFinished(StepResult result, List<String> logTail, java.util.Optional<Path> log) {}

    /** The run is over. */
    default void runFinished(RunResult result) {}
}
