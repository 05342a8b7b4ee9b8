package dev.gantry.engine.internal.run;

import dev.gantry.engine.spi.ExecutionException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Checks that a host input is something a step can read and its digest can be worked out
 * from: a regular file, or a directory of regular files and directories. A FIFO or a device
 * would be opened to be hashed, and opening a FIFO waits for a writer, while reading
 * {@code /dev/zero} never ends; so what each is is asked first, without opening it. Links are
 * followed, as hashing them does. There is no limit on size: data sets can be huge.
 */
final class HostInputs {
    private HostInputs() {}

    /**
     * @param input the input's name
     * @param declared the path as the pipeline gives it
     * @param path where it resolves to; it exists
     * @throws ExecutionException naming the input and what is wrong with it
     */
    static void check(String input, String declared, Path path) {
        BasicFileAttributes top;
        try {
            top = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            // A broken link, say: hashing it says why it cannot be read.
            return;
        }
        if (top.isOther()) {
            throw new ExecutionException("input '" + input + "': " + declared + " is " + kind(path)
                    + "; a host input must be a regular file or a directory");
        }
        if (top.isDirectory()) {
            special(path).ifPresent(p -> {
                throw new ExecutionException("input '" + input + "': " + declared + " holds " + kind(p) + ", "
                        + path.relativize(p) + "; a host input directory may hold only regular files and directories");
            });
        }
    }

    /** The first entry of the tree {@code dir} that is neither a regular file nor a directory, links followed. */
    private static Optional<Path> special(Path dir) {
        Path[] found = new Path[1];
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isOther() || (attrs.isSymbolicLink() && isOtherBehindLink(file))) {
                        found[0] = file;
                        return FileVisitResult.TERMINATE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // Hashing the tree reports what cannot be read.
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(found[0]);
    }

    private static boolean isOtherBehindLink(Path link) {
        try {
            return Files.readAttributes(link, BasicFileAttributes.class).isOther();
        } catch (IOException e) {
            return false;
        }
    }

    /** What kind of special file {@code path} is, such as "a FIFO (named pipe)". */
    private static String kind(Path path) {
        try {
            return switch (((Integer) Files.getAttribute(path, "unix:mode")) & 0170000) {
                case 0010000 -> "a FIFO (named pipe)";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | RuntimeException e) {
            return "a special file";
        }
    }
}
