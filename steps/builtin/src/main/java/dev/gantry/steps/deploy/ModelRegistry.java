package dev.gantry.steps.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.steps.sdk.ArtifactException;
import dev.gantry.steps.sdk.FileTrees;
import dev.gantry.steps.sdk.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A model registry: a directory with one folder per model name, holding numbered versions
 * ({@code v1}, {@code v2}, ...) that never change once written, and the model's serving state.
 *
 * <pre>
 * REGISTRY/NAME/v3/model/        the model directory the train step wrote
 * REGISTRY/NAME/v3/transform.json the feature transform, when there is one
 * REGISTRY/NAME/v3/metrics.json  the evaluation metrics
 * REGISTRY/NAME/v3/card.json     the model card; card.md is the same for people
 * REGISTRY/NAME/serving/         the running servers' ports, pids and logs
 * </pre>
 *
 * A version is assembled in a staging folder and renamed into place, so a version folder is
 * complete or absent. Writers of one name take a file lock, so concurrent deploys number their
 * versions one after the other.
 */
final class ModelRegistry {
    private final Path root;
    private final String name;

    ModelRegistry(Path root, String name) {
        this.root = root;
        this.name = name;
    }

    /** Returns the folder of the model name. */
    Path modelFolder() {
        return root.resolve(name);
    }

    /** Returns the folder of a version. */
    Path version(String version) {
        return modelFolder().resolve(version);
    }

    /** Returns the folder of the serving state. */
    Path servingFolder() {
        return modelFolder().resolve("serving");
    }

    /** Takes the name's lock (blocking until another deploy lets go); closing the returned channel releases it. */
    FileChannel lock() throws IOException {
        Files.createDirectories(modelFolder());
        FileChannel channel = FileChannel.open(modelFolder().resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            channel.lock();
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Returns the registered versions, oldest first. */
    List<String> versions() throws IOException {
        if (!Files.isDirectory(modelFolder())) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(modelFolder())) {
            return children.map(p -> p.getFileName().toString()).filter(n -> n.matches("v[1-9][0-9]*"))
                    .sorted(Comparator.comparingLong(n -> Long.parseLong(n.substring(1))))
                    .collect(Collectors.toList());
        }
    }

    /** Returns the newest version whose card records the same model and transform digests, if any. */
    Optional<String> sameAsLatest(String modelDigest, String transformDigest) throws IOException {
        List<String> versions = versions();
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        String latest = versions.get(versions.size() - 1);
        JsonNode digests = Json.read(version(latest).resolve("card.json")).path("digests");
        boolean same = digests.path("model").asText().equals(modelDigest)
                && digests.path("transform").asText("").equals(transformDigest);
        return same ? Optional.of(latest) : Optional.empty();
    }

    /** Returns the version the next commit will get. Call with the lock held. */
    String nextVersion() throws IOException {
        List<String> versions = versions();
        return "v" + (versions.isEmpty() ? 1 : Long.parseLong(versions.get(versions.size() - 1).substring(1)) + 1);
    }

    /** Moves a fully written staging folder into place as a version. Call with the lock held. */
    void commit(Path staging, String version) throws IOException {
        Files.move(staging, version(version), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Returns a new empty staging folder inside the registry, on the same file system as the versions. */
    Path stage() throws IOException {
        Files.createDirectories(modelFolder());
        return Files.createTempDirectory(modelFolder(), ".staging-");
    }

    /** Copies a file or a directory tree. */
    static void copy(Path from, Path to) {
        try {
            FileTrees.copy(from, to);
        } catch (IOException e) {
            throw new ArtifactException(from, "cannot copy it into the registry at " + to, e);
        }
    }
}
