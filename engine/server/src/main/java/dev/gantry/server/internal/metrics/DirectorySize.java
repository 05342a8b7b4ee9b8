package dev.gantry.server.internal.metrics;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** The bytes of the regular files under a directory, walked without following links. */
final class DirectorySize {
    private DirectorySize() {}

    /** The size of {@code dir}'s files, 0 when it does not exist; a file removed during the walk is left out. */
    static long of(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long[] total = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    total[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return total[0];
    }
}
