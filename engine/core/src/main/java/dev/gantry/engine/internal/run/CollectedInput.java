package dev.gantry.engine.internal.run;

import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.hash.CanonicalJson;
import dev.gantry.engine.hash.Sha256;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An input that collects one output of every trial of a matrix: a directory holding each
 * trial's artifact under the trial's number, and {@code matrix.json}, which maps each number
 * to the trial's parameter values.
 *
 * <p>The artifacts are hard links to the store's objects (a tree of them for a {@code dir}
 * artifact), never copies: they share the objects' read-only inodes, cost no space, and work
 * in a container's bind mount, where a symbolic link to a host path would not.
 *
 * @param directory where the directory is made, in the step's run directory
 * @param trials each trial's artifact, in trial order
 * @param parameters each trial's parameter values, in trial order
 */
record CollectedInput(Path directory, List<OutputArtifact> trials, List<Map<String, String>> parameters) {
    /** The file that maps trial numbers to their parameter values. */
    static final String MATRIX_FILE = "matrix.json";

    CollectedInput {
        trials = List.copyOf(trials);
        parameters = List.copyOf(parameters);
    }

    /** What the directory holds, as one digest for the cache key: each trial's artifact and values. */
    String digest() {
        Map<String, Object> content = new LinkedHashMap<>();
        for (int i = 0; i < trials.size(); i++) {
            content.put(Integer.toString(i + 1), Map.of("sha256", trials.get(i).sha256(), "params", parameters.get(i)));
        }
        return Sha256.ofText(CanonicalJson.write(content));
    }

    /** Makes the directory; an attempt that runs again finds it made. */
    void materialize() throws IOException {
        if (Files.isRegularFile(directory.resolve(MATRIX_FILE))) {
            return;
        }
        Files.createDirectories(directory);
        Map<String, Map<String, String>> matrix = new LinkedHashMap<>();
        for (int i = 0; i < trials.size(); i++) {
            String number = Integer.toString(i + 1);
            link(trials.get(i).path(), directory.resolve(number));
            matrix.put(number, parameters.get(i));
        }
        // Written last, so its presence means the directory is complete.
        Files.writeString(directory.resolve(MATRIX_FILE), CanonicalJson.write(matrix) + "\n");
    }

    private static void link(Path object, Path target) throws IOException {
        if (!Files.isDirectory(object)) {
            Files.deleteIfExists(target);
            Files.createLink(target, object);
            return;
        }
        Files.walkFileTree(object, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(target.resolve(object.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path to = target.resolve(object.relativize(file).toString());
                Files.deleteIfExists(to);
                if (attrs.isSymbolicLink()) {
                    Files.createSymbolicLink(to, Files.readSymbolicLink(file));
                } else {
                    Files.createLink(to, file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
