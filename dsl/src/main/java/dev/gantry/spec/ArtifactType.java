package dev.gantry.spec;

import java.util.Locale;
import java.util.Optional;

/** The kind of an artifact a step writes, which decides how the engine checks and records it. */
public enum ArtifactType {
    /** An Apache Arrow IPC file; its schema and row count are recorded. The default. */
    ARROW,
    /** Any single file. */
    FILE,
    /** A directory tree. */
    DIR,
    /** A JSON object whose values are numbers, shown by the CLI and usable in conditions. */
    METRICS;

    // Looked up for every output of every cached step, so neither a stream nor a new string per call.
    private static final ArtifactType[] ALL = values();
    private final String yamlName = name().toLowerCase(Locale.ROOT);

    /** The name used in pipeline files, such as {@code arrow}. */
    public String yamlName() {
        return yamlName;
    }

    /** Looks a type up by its pipeline-file name. */
    public static Optional<ArtifactType> fromYamlName(String name) {
        for (ArtifactType type : ALL) {
            if (type.yamlName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
