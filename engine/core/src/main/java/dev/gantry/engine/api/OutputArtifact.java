package dev.gantry.engine.api;

import dev.gantry.spec.ArtifactType;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An output of a step as it lies in the store.
 *
 * @param sha256 the content digest, which is also the object's name in the store
 * @param path the read-only object in the store
 * @param type the declared type
 * @param sizeBytes size in bytes
 * @param rows row count of an Arrow table
 * @param schema the Arrow schema, as text
 */
public record OutputArtifact(
        String sha256, Path path, ArtifactType type, long sizeBytes, Optional<Long> rows, Optional<String> schema) {}
