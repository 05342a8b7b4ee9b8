package dev.gantry.engine.spi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The machine the engine runs on, as runs and executors record it: a run or a container whose
 * recorded host is this one, and whose engine process is gone, was left behind by an engine
 * that died here.
 */
public final class EngineHost {
    private static volatile boolean warned;

    private EngineHost() {}

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
