package dev.gantry.engine.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.engine.hash.CanonicalJson;
import dev.gantry.spec.ArtifactType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Checks that an output is what its step declared, and describes it. */
public final class ArtifactInspector {
    private ArtifactInspector() {}

    /**
     * Checks {@code path} against {@code type}.
     *
     * @throws InvalidArtifactException with a message that says what was expected and found
     */
    public static ArtifactInfo inspect(Path path, ArtifactType type) throws InvalidArtifactException {
        // One stat answers whether it exists, what it is and its size.
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new InvalidArtifactException("the step did not write it (expected at " + path + ")");
        } catch (IOException e) {
            throw new InvalidArtifactException("cannot read " + path + ": " + e.getMessage());
        }
        if (type == ArtifactType.DIR) {
            if (!attributes.isDirectory()) {
                throw new InvalidArtifactException("declared as dir, but " + path + " is a file");
            }
            return new ArtifactInfo(type, treeSize(path), Optional.empty(), Optional.empty());
        }
        if (!attributes.isRegularFile()) {
            throw new InvalidArtifactException("declared as " + type.yamlName() + ", but " + path
                    + " is not a regular file");
        }
        long size = attributes.size();
        return switch (type) {
            case ARROW -> ArrowFiles.describe(path, size);
            case METRICS -> checkMetrics(path, size);
            default -> new ArtifactInfo(type, size, Optional.empty(), Optional.empty());
        };
    }

    private static ArtifactInfo checkMetrics(Path path, long size) throws InvalidArtifactException {
        JsonNode root;
        try {
            root = CanonicalJson.mapper().readTree(path.toFile());
        } catch (IOException e) {
            throw new InvalidArtifactException("declared as metrics, but it is not valid JSON: "
                    + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidArtifactException("declared as metrics, but it is not a JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().isNumber()) {
                throw new InvalidArtifactException("declared as metrics, but '" + field.getKey()
                        + "' is not a number (was " + field.getValue() + ")");
            }
        }
        return new ArtifactInfo(ArtifactType.METRICS, size, Optional.empty(), Optional.empty());
    }

    static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    private static long treeSize(Path dir) throws InvalidArtifactException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new InvalidArtifactException("cannot read " + dir + ": " + e.getMessage());
        }
    }
}
