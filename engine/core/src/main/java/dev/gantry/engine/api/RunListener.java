package dev.gantry.engine.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link RunEventListener} with a method per kind of event, for a listener that wants only a
 * few of them: each has a default that does nothing, and {@link #on} calls the one the event is
 * for. Methods may be called from several threads at once.
 */
public interface RunListener extends RunEventListener {
    /** A listener that ignores everything. */
    RunListener NONE = new RunListener() {};

    /** Calls the method that {@code event} is for, with its parts. */
    @Override
    default void on(RunEvent event) {
        // Java 17 has no pattern matching in switch; the most frequent events come first.
        if (event instanceof RunEvent.StepOutput e) {
            stepOutput(e.step(), e.line());
        } else if (event instanceof RunEvent.StepStarted e) {
            stepStarted(e.step(), e.attempt(), e.maxAttempts());
        } else if (event instanceof RunEvent.StepFinished e) {
            Optional<StepFailure> failure = e.result().failure();
            stepFinished(e.result(), failure.map(StepFailure::logTail).orElse(List.of()),
                    failure.flatMap(StepFailure::log));
        } else if (event instanceof RunEvent.OutputsCommitted e) {
            outputsCommitted(e.step(), e.bytes(), e.duration());
        } else if (event instanceof RunEvent.StepRetrying e) {
            stepRetrying(e.step(), e.failedAttempt(), e.reason(), e.backoff().toMillis());
        } else if (event instanceof RunEvent.Notice e) {
            notice(e.message());
        } else if (event instanceof RunEvent.Warning e) {
            warning(e.message());
        } else if (event instanceof RunEvent.RunStarted e) {
            runStarted(e.runId(), e.pipeline(), e.steps());
        } else if (event instanceof RunEvent.TrialsPlanned e) {
            trialsPlanned(e.values());
        } else if (event instanceof RunEvent.RunFinished e) {
            runFinished(e.result());
        }
    }

    /** See {@link RunEvent.Notice}. */
    default void notice(String message) {}

    /** See {@link RunEvent.Warning}; called before {@link #runStarted}. */
    default void warning(String message) {}

    /** See {@link RunEvent.RunStarted}; {@code steps} are in plan order. */
    default void runStarted(String runId, String pipeline, List<String> steps) {}

    /** See {@link RunEvent.TrialsPlanned}; called once, right after {@link #runStarted}. */
    default void trialsPlanned(Map<String, Map<String, String>> values) {}

    /** See {@link RunEvent.StepStarted}. */
    default void stepStarted(String step, int attempt, int maxAttempts) {}

    /** See {@link RunEvent.StepOutput}. */
    default void stepOutput(String step, String line) {}

    /** See {@link RunEvent.StepRetrying}. */
    default void stepRetrying(String step, int failedAttempt, String reason, long backoffMillis) {}

    /** See {@link RunEvent.OutputsCommitted}; called right before the step's {@link #stepFinished}. */
    default void outputsCommitted(String step, long bytes, Duration duration) {}

    /**
     * See {@link RunEvent.StepFinished}. For a failed or cancelled step, {@code logTail} and
     * {@code log} are those of its {@link StepResult#failure()}: the last lines of its log, and the
     * log file; for any other, they are empty.
     */
    default void stepFinished(StepResult result, List<String> logTail, Optional<Path> log) {}

    /** See {@link RunEvent.RunFinished}. */
    default void runFinished(RunResult result) {}
}
