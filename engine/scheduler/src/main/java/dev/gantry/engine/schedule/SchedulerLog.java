package dev.gantry.engine.schedule;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The scheduler's log: one timestamped line per event, on the console of the daemon. */
public final class SchedulerLog {
    private final PrintStream out;

    public SchedulerLog(PrintStream out) {
        this.out = out;
    }

    public synchronized void info(String message) {
        out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + message);
        out.flush();
    }
}
