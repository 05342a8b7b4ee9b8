package dev.gantry.engine.spi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The machine the engine runs on, as runs and executors record it: a run or a container whose
 * recorded host is this one, and whose engine process is gone, was left behind by an engine
 * that died here.
 */
public final class EngineHost {
    private static volatile boolean warned;

    private EngineHost() {}

    /**
     * When this engine process started, in milliseconds since the epoch, for an executor to record
     * beside its process id: a process id can be reused, its start time tells the two apart.
     */
    public static Optional<Long> processStarted() {
        return ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli);
    }

    /**
     * Whether the engine process an executor recorded on what it started (a container, a pod) has
     * died: it ran on this machine and its process is gone, or its id now belongs to a process
     * that started at another time. An engine of another machine is never judged dead from here.
     *
     * @param host the recorded {@link #name()}
     * @param pid the recorded process id, as text; one that is not a number counts as gone
     * @param started the recorded {@link #processStarted()}, as text, where one was recorded
     */
    public static boolean isGone(String host, String pid, Optional<String> started) {
        if (!name().equals(host)) {
            return false;
        }
        Optional<ProcessHandle> engine;
        try {
            engine = ProcessHandle.of(Long.parseLong(pid == null ? "" : pid));
        } catch (NumberFormatException e) {
            return true;
        }
        if (engine.isEmpty() || !engine.get().isAlive()) {
            return true;
        }
        Optional<Instant> actual = engine.get().info().startInstant();
        return started.isPresent() && actual.isPresent()
                && !started.get().equals(Long.toString(actual.get().toEpochMilli()));
    }

    /** This machine's name, read without a DNS lookup (which can take seconds on a closed network). */
    public static String name() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException | RuntimeException e) {
            if (!warned) {
                warned = true;
                // Runs recorded as "unknown" on a shared store may be taken for another such host's.
                LoggerFactory.getLogger(EngineHost.class).warn("cannot read this machine's name (HOSTNAME is"
                        + " unset and /proc/sys/kernel/hostname unreadable: {}); runs record it as 'unknown'",
                        e.toString());
            }
            return "unknown";
        }
    }
}
