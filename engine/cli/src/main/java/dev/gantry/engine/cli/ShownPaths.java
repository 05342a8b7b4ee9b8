package dev.gantry.engine.cli;

import java.nio.file.Path;

/** Paths as a user would name them in a command: relative to the working directory when inside it. */
final class ShownPaths {
    private ShownPaths() {}

    static String shown(Path path) {
        Path here = Path.of("").toAbsolutePath();
        Path absolute = path.toAbsolutePath().normalize();
        boolean inside = absolute.startsWith(here) && !absolute.equals(here);
        return inside ? here.relativize(absolute).toString() : path.toString();
    }

    static String shown(String path) {
        return shown(Path.of(path));
    }
}
