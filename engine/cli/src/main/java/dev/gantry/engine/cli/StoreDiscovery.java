package dev.gantry.engine.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the store a command uses when {@code --store} does not name one, so that every
 * command run anywhere in a project sees the same history: {@code $GANTRY_STORE}; else the
 * nearest {@code .gantry} directory in the working directory or one above it, as git finds
 * {@code .git}; else the config file's {@code store}; else {@code .gantry} in the working
 * directory, which a first run creates.
 */
final class StoreDiscovery {
    static final String STORE_DIR = ".gantry";

    private StoreDiscovery() {}

    static Path find(Path workingDir) {
        String fromEnv = System.getenv("GANTRY_STORE");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        return nearest(workingDir).or(UserConfig::storeDirectory).orElse(Path.of(STORE_DIR));
    }

    /**
     * The {@code .gantry} directory of {@code dir} or of its nearest ancestor that has one, made
     * relative to {@code dir} when it is {@code dir}'s own, as messages then read best.
     */
    static Optional<Path> nearest(Path dir) {
        for (Path at = dir; at != null; at = at.getParent()) {
            Path candidate = at.resolve(STORE_DIR);
            if (Files.isDirectory(candidate)) {
                return Optional.of(at.equals(dir) ? Path.of(STORE_DIR) : candidate);
            }
        }
        return Optional.empty();
    }
}
