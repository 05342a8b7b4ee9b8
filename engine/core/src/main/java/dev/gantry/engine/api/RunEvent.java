package dev.gantry.engine.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Something a run did, as it happened: what a {@link RunEventListener} hears. Every event names
 * its run and that run's pipeline, and says when it happened.
 *
 * <p>A run's events come in this order: its {@link Warning}s, then {@link RunStarted}, then
 * {@link TrialsPlanned} if it has matrices, then each step's events, and last {@link
 * RunFinished}. {@link Notice}s may come at any point before {@code RunFinished}, some of them
 * before {@code RunStarted}. A step's events come in order ({@link StepStarted}, its {@link
 * StepOutput} lines, {@link StepRetrying} and the next {@code StepStarted} for each retry,
 * {@link OutputsCommitted} when its outputs went into the store, then {@link StepFinished}), while the events of steps that run at once interleave. A step
 * that never starts (cached, skipped, failed before it could start) has only its
 * {@code StepFinished}.
 *
 * <p>A run that cannot start, such as one whose selection names an unknown step, throws from
 * {@code Gantry.run}: it may have published warnings and notices, and publishes neither
 * {@code RunStarted} nor {@code RunFinished}; its id names nothing in the store.
 */
public sealed interface RunEvent {
    /** The run's id, as in the store: {@code 20261125-042105-7c09e8}. */
    String runId();

    /** The name of the run's pipeline. */
    String pipeline();

    /** When it happened. */
    Instant at();

    /** The checks of the components every event has. */
    private static void check(String runId, String pipeline, Instant at) {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(at, "at");
    }

    /**
     * Something the user should know that is not about one step, in one line: which executor
     * {@code auto} fell back to and why, leftover containers or processes that were removed, a
     * cached output found corrupt.
     */
    record Notice(String runId, String pipeline, Instant at, String message) implements RunEvent {
        public Notice {
            check(runId, pipeline, at);
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * Something the pipeline allows that the user should not miss, in one line, such as a step
     * that opts in to an unsafe container setting: {@code step 'x' opts in to unsafe host-network}.
     * Published before {@link RunStarted}.
     */
    record Warning(String runId, String pipeline, Instant at, String message) implements RunEvent {
        public Warning {
            check(runId, pipeline, at);
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The run has been planned and recorded in the store.
     *
     * @param steps the steps it will run or take from the cache, in plan order
     */
    record RunStarted(String runId, String pipeline, Instant at, List<String> steps) implements RunEvent {
        public RunStarted {
            check(runId, pipeline, at);
            steps = List.copyOf(steps);
        }
    }

    /**
     * The run has matrices; published once, right after {@link RunStarted}.
     *
     * @param values each trial's parameter values (the steps a matrix expanded into), by step
     *     name, in plan order and each in the matrix's order
     */
    record TrialsPlanned(String runId, String pipeline, Instant at, Map<String, Map<String, String>> values)
            implements RunEvent {
        public TrialsPlanned {
            check(runId, pipeline, at);
            // Copied in order: the trials are shown as they were planned, and each trial's values as declared.
            Map<String, Map<String, String>> copy = new LinkedHashMap<>();
            values.forEach((step, params) -> copy.put(step, Collections.unmodifiableMap(new LinkedHashMap<>(params))));
            values = Collections.unmodifiableMap(copy);
        }
    }

    /** An attempt of a step has started: {@code attempt} of at most {@code maxAttempts}, counted from 1. */
    record StepStarted(String runId, String pipeline, Instant at, String step, int attempt, int maxAttempts)
            implements RunEvent {
        public StepStarted {
            check(runId, pipeline, at);
            Objects.requireNonNull(step, "step");
        }
    }

    /** A step printed a line, on its standard output or error (they are one stream), with secrets masked. */
    record StepOutput(String runId, String pipeline, Instant at, String step, String line) implements RunEvent {
        public StepOutput {
            check(runId, pipeline, at);
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(line, "line");
        }
    }

    /**
     * An attempt failed and the step will be tried again after {@code backoff}.
     *
     * @param reason why the attempt failed, such as {@code exit code 3}
     */
    record StepRetrying(String runId, String pipeline, Instant at, String step, int failedAttempt, String reason,
            Duration backoff) implements RunEvent {
        public StepRetrying {
            check(runId, pipeline, at);
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(backoff, "backoff");
        }
    }

    /**
     * The outputs of a step's successful attempt were checked, hashed and moved into the store:
     * published once per step that declares outputs and stored them, right before its {@link
     * StepFinished}. A step taken from the cache commits nothing and has no such event.
     *
     * @param bytes the size of the outputs committed, all of them together: a file's length, a
     *     directory's files' lengths summed; content the store already held counts too
     * @param duration how long checking, hashing and moving them took
     */
    record OutputsCommitted(String runId, String pipeline, Instant at, String step, long bytes, Duration duration)
            implements RunEvent {
        public OutputsCommitted {
            check(runId, pipeline, at);
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(duration, "duration");
            if (bytes < 0) {
                throw new IllegalArgumentException("bytes must be >= 0, was " + bytes);
            }
        }
    }

    /**
     * A step is over: it succeeded, came from the cache, was skipped, was cancelled or failed. A
     * failed step's {@link StepResult#failure()} says what kind of failure it was, with the end
     * of its log. A step may finish twice: when the disk filled before its record was written,
     * it finishes again, failed, as the run ends (the later event is how the store has it).
     */
    record StepFinished(String runId, String pipeline, Instant at, StepResult result) implements RunEvent {
        public StepFinished {
            check(runId, pipeline, at);
            Objects.requireNonNull(result, "result");
        }

        /** The step's name. */
        public String step() {
            return result.name();
        }
    }

    /** The run is over; its last event. */
    record RunFinished(String runId, String pipeline, Instant at, RunResult result) implements RunEvent {
        public RunFinished {
            check(runId, pipeline, at);
            Objects.requireNonNull(result, "result");
        }
    }
}

