package dev.gantry.engine.spi;

import java.util.Optional;

/**
 * The host process of a running attempt, as the run store records it: after the engine dies,
 * the next engine finds and stops the attempt's processes by it.
 *
 * @param pid the attempt's own process
 * @param startTicks when that process started, in clock ticks since boot, so that a reused pid
 *     is not taken for it; empty where it could not be read
 * @param attemptToken the mark its processes carry in {@code GANTRY_ATTEMPT_TOKEN}
 */
public record HostProcess(long pid, Optional<Long> startTicks, String attemptToken) {}
