package dev.gantry.engine.internal.artifact;

import dev.gantry.spec.ArtifactType;
import java.util.Optional;

/**
 * What the engine learned about an output while checking it.
 *
 * @param type the declared type, which the content was checked against
 * @param sizeBytes total size in bytes (all files, for a directory)
 * @param rows row count of an Arrow table
 * @param schema the Arrow schema, as Arrow prints it
 */
public record ArtifactInfo(ArtifactType type, long sizeBytes, Optional<Long> rows, Optional<String> schema) {}
