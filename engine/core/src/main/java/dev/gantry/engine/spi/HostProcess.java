package dev.gantry.engine.exec;

/**
 * The host process of a running attempt, as the run store records it: after the engine dies,
 * the next engine finds and stops the attempt's processes by it.
 *
 * @param identity the attempt's own process
 * @param token the mark its processes carry in {@code GANTRY_ATTEMPT_TOKEN}
 */
public record HostProcess(ProcessIdentity identity, AttemptToken token) {}
