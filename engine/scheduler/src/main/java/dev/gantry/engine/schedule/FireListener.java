package dev.gantry.engine.schedule;

/**
 * Hears what becomes of each fire of a {@link SchedulerDaemon}'s schedules; the runs the fires
 * start are heard through {@link SchedulerDaemon#subscribe}. Called from the scheduler's
 * threads, several at once; what it throws is logged and stops nothing.
 */
@FunctionalInterface
public interface FireListener {
    /** A fire came to {@code outcome}. */
    void on(FireOutcome outcome);
}
