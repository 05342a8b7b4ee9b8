package dev.gantry.engine.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Settings a team writes once instead of passing on every command: a properties file at
 * {@code $GANTRY_CONFIG}, else {@code ~/.config/gantry/config.properties}. It knows one key,
 * {@code db}, the run store's database URL; {@code --db} and {@code GANTRY_DB} override it.
 */
final class UserConfig {
    private UserConfig() {}

    /** The database URL from the config file, if there is a file with one. */
    static Optional<String> databaseUrl() {
        return value("db");
    }

    /** The store directory from the config file, if there is a file with one ({@code ~} is the home directory). */
    static Optional<Path> storeDirectory() {
        return value("store").map(dir -> dir.equals("~") || dir.startsWith("~/")
                ? Path.of(System.getProperty("user.home") + dir.substring(1)) : Path.of(dir));
    }

    private static Optional<String> value(String key) {
        Path file = file();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new UsageException("cannot read the config file " + file + ": " + e.getMessage());
        }
        return Optional.ofNullable(props.getProperty(key)).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static Path file() {
        String explicit = System.getenv("GANTRY_CONFIG");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("gantry").resolve("config.properties");
    }
}
