package dev.gantry.engine.schedule;

import java.time.Instant;
import java.util.Objects;

/**
 * What became of one fire of a schedule, as a {@link FireListener} hears it.
 *
 * @param schedule the scheduled pipeline's name
 * @param fireTime the time the fire was due (for a misfire, the missed time Quartz or the run
 *     store knows of)
 */
public record FireOutcome(String schedule, Instant fireTime, Kind kind) {
    /** What a fire came to. */
    public enum Kind {
        /** The fire started a run, however that run ends. */
        STARTED,
        /** The pipeline's previous run was still going, and its schedule says {@code overlap: skip}. */
        SKIPPED_OVERLAP,
        /** Another scheduler sharing the run store claimed the fire first and runs it. */
        TAKEN_ELSEWHERE,
        /** The fire could not start a run: the pipeline, its executor or the store failed it first. */
        FAILED,
        /** Fires were missed while no scheduler ran (or all were busy), and the schedule says {@code misfire: skip}. */
        MISFIRE_SKIPPED,
        /**
         * Fires were missed, and the schedule says {@code misfire: run-once}: one fire makes up for
         * them, and is heard again with its own outcome.
         */
        MISFIRE_CAUGHT_UP
    }

    public FireOutcome {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(fireTime, "fireTime");
        Objects.requireNonNull(kind, "kind");
    }
}
