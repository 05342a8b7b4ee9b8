package dev.gantry.engine.spi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine the engine runs on, as runs and executors record it: a run or a container whose
 * recorded host is this one, and whose engine process is gone, was left behind by an engine
 * that died here.
 */
public final class EngineHost {
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
            return "unknown";
        }
    }
}
