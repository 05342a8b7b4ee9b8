package dev.gantry.engine.internal.local;

import java.util.Optional;

/**
 * One process on this machine: its pid and, where the system says, its start time. A pid
 * alone may name another process once the first has ended; with the start time it names one
 * process until the machine restarts.
 *
 * @param pid the process id
 * @param startTicks its start time in clock ticks since boot, from {@code /proc/PID/stat};
 *     empty where it could not be read (not Linux, or a record from an older Gantry)
 */
public record ProcessIdentity(long pid, Optional<Long> startTicks) {
    private static final ProcessIdentity CURRENT = of(ProcessHandle.current().pid());

    /** This process. */
    public static ProcessIdentity current() {
        return CURRENT;
    }

    /** The process that has {@code pid} now, with its start time if it can be read. */
    public static ProcessIdentity of(long pid) {
        return new ProcessIdentity(pid, ProcessStat.read(pid).map(ProcessStat::startTicks));
    }

    /**
     * Whether this very process still runs: its pid is in use and, when both start times are
     * known, by a process that started when this one did. A reused pid is not this process.
     */
    public boolean isAlive() {
        Optional<ProcessStat> now = ProcessStat.read(pid);
        if (now.isPresent()) {
            return !now.get().ended() && (startTicks.isEmpty() || startTicks.get() == now.get().startTicks());
        }
        // No /proc to read (or this entry cannot be): the pid is all there is to go by.
        return startTicks.isEmpty() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
