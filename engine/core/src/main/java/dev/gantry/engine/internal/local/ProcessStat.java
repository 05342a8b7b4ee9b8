package dev.gantry.engine.internal.local;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What {@code /proc/PID/stat} says of a process: its parent, process group, session and start
 * time. Linux only; elsewhere nothing can be read and every lookup is empty.
 *
 * @param pid the process
 * @param state its state letter: {@code Z} for a zombie, which has ended and waits to be reaped
 * @param ppid its parent
 * @param group its process group
 * @param session its session
 * @param startTicks when it started, in clock ticks since boot (field 22): with the pid, it names
 *     one process until the machine restarts, however often the pid is reused
 */
record ProcessStat(long pid, char state, long ppid, long group, long session, long startTicks) {

    /** The process's entry now; empty when there is none (it ended) or it cannot be read. */
    static Optional<ProcessStat> read(long pid) {
        // A plain stream and one read: the file is small, and this runs for every process at
        // the end of every attempt, where a Files.readAllBytes costs twice the system calls.
        byte[] buffer = new byte[512];
        int n;
        try (FileInputStream in = new FileInputStream("/proc/" + pid + "/stat")) {
            n = in.read(buffer);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return n <= 0 ? Optional.empty() : parse(pid, new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
    }

    /** Parses the text of a stat file; empty if it is not one. */
    static Optional<ProcessStat> parse(long pid, String text) {
        // The command name, in parentheses, may hold spaces and parentheses itself: the fields
        // that follow are counted from the last closing one.
        int close = text.lastIndexOf(')');
        if (close < 0 || close + 2 >= text.length()) {
            return Optional.empty();
        }
        String[] fields = text.substring(close + 2).split(" ");
        // fields[0] is the stat file's field 3 (the state); field N is fields[N - 3].
        if (fields.length < 20 || fields[0].isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ProcessStat(pid, fields[0].charAt(0), Long.parseLong(fields[1]),
                    Long.parseLong(fields[2]), Long.parseLong(fields[3]), Long.parseLong(fields[19])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether it has ended: a zombie, or dead. */
    boolean ended() {
        return state == 'Z' || state == 'X' || state == 'x';
    }
}
