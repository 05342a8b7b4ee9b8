package dev.gantry.engine.internal.store;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Creates directories the cheap way. {@link Files#createDirectories} finds out what is
 * missing by failing, and every failure is an exception with a stack trace; a run of a
 * thousand short steps makes a few thousand directories, so this asks plain yes-or-no
 * questions first and leaves NIO to explain the rare real failure.
 */
public final class Directories {
    private Directories() {}

    /** Creates {@code dir} and any missing parents; does nothing if it is already a directory. */
    public static Path create(Path dir) throws IOException {
        File file = dir.toFile();
        if (file.mkdir() || file.isDirectory()) {
            return dir;
        }
        Path parent = dir.getParent();
        if (parent != null && !parent.toFile().isDirectory()) {
            create(parent);
            if (file.mkdir()) {
                return dir;
            }
        }
        // Something else is wrong (a file in the way, no permission): NIO says what.
        return Files.createDirectories(dir);
    }
}
