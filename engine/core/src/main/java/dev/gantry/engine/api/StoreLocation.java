package dev.gantry.engine.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a store lives: its directory (artifacts, logs and, by default, the SQLite run store),
 * and optionally a PostgreSQL database that holds the run store instead.
 *
 * @param dir the store directory
 * @param databaseUrl a {@code jdbc:postgresql://} URL, or empty for SQLite in {@code dir}
 */
public record StoreLocation(Path dir, Optional<String> databaseUrl) {
    /** The embedded store in {@code dir}. */
    public static StoreLocation embedded(Path dir) {
        return new StoreLocation(dir, Optional.empty());
    }
}
