package dev.gantry.engine.internal.store;

import java.time.Instant;
import java.util.Optional;

/**
 * One fire of a schedule, claimed by the scheduler that handled it.
 *
 * @param schedule the scheduled pipeline's name
 * @param fireTime the time the schedule called for
 * @param kind {@code scheduled}, or {@code catch-up} for a fire missed while no scheduler ran
 * @param outcome {@code started}, {@code skipped} (the previous run was still running) or {@code queued}
 * @param runId the run it started
 * @param claimedBy the scheduler process that claimed it, as {@code host:pid}
 */
public record ScheduleFire(
        String schedule, Instant fireTime, String kind, String outcome, Optional<String> runId, String claimedBy) {}
