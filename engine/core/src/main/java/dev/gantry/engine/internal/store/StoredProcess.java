package dev.gantry.engine.internal.store;

import java.util.Optional;

/**
 * The host process of a step's running attempt, as recorded when it started.
 *
 * @param step the step
 * @param pid the attempt's own process
 * @param pidStart its start time in clock ticks since boot, if it could be read
 * @param token the mark in its processes' {@code GANTRY_ATTEMPT_TOKEN}
 */
public record StoredProcess(String step, long pid, Optional<Long> pidStart, String token) {}
