package dev.gantry.spec;

import java.util.Arrays;
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

    /** The name used in pipeline files, such as {@code arrow}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Looks a type up by its pipeline-file name. */
    public static Optional<ArtifactType> fromYamlName(String name) {
        return Arrays.stream(values()).filter(t -> t.yamlName().equals(name)).findFirst();
    }
}
