package dev.gantry.engine.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This machine's name, read without a DNS lookup (which can take seconds on a closed network). */
final class Hostname {
    private Hostname() {}

    static String get() {
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
