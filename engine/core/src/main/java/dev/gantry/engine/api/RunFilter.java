package dev.gantry.engine.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which runs to list, newest first, and which page of them. Immutable; each {@code with} method
 * returns a changed copy.
 *
 * @param pipeline only runs of this pipeline
 * @param status only runs with this status
 * @param trigger only runs started this way
 * @param startedFrom only runs started at or after this time
 * @param startedBefore only runs started before this time
 * @param limit at most this many runs (1 to {@link #MAX_LIMIT})
 * @param offset skipping this many of the newest that match
 */
public record RunFilter(
        Optional<String> pipeline,
        Optional<RunStatus> status,
        Optional<RunTrigger> trigger,
        Optional<Instant> startedFrom,
        Optional<Instant> startedBefore,
        int limit,
        int offset) {
    /** The most runs one page holds. */
    public static final int MAX_LIMIT = 1000;

    public RunFilter {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(startedFrom, "startedFrom");
        Objects.requireNonNull(startedBefore, "startedBefore");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, was " + offset);
        }
    }

    /** The newest {@code limit} runs, whatever they are. */
    public static RunFilter newest(int limit) {
        return new RunFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                limit, 0);
    }

    public RunFilter withPipeline(String value) {
        return new RunFilter(Optional.of(value), status, trigger, startedFrom, startedBefore, limit, offset);
    }

    public RunFilter withStatus(RunStatus value) {
        return new RunFilter(pipeline, Optional.of(value), trigger, startedFrom, startedBefore, limit, offset);
    }

    public RunFilter withTrigger(RunTrigger value) {
        return new RunFilter(pipeline, status, Optional.of(value), startedFrom, startedBefore, limit, offset);
    }

    public RunFilter withStartedFrom(Instant value) {
        return new RunFilter(pipeline, status, trigger, Optional.of(value), startedBefore, limit, offset);
    }

    public RunFilter withStartedBefore(Instant value) {
        return new RunFilter(pipeline, status, trigger, startedFrom, Optional.of(value), limit, offset);
    }

    public RunFilter withOffset(int value) {
        return new RunFilter(pipeline, status, trigger, startedFrom, startedBefore, limit, value);
    }
}
