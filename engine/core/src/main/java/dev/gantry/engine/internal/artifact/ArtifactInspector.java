package dev.gantry.engine.internal.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.engine.hash.Cancellation;
import dev.gantry.engine.hash.CanonicalJson;
import dev.gantry.engine.hash.StoppedException;
import dev.gantry.spec.ArtifactType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/** Checks that an output is what its step declared, and describes it. */
public final class ArtifactInspector {
    private ArtifactInspector() {}

    /**
     * Checks what is at {@code path}, as one attempt's only output, against {@code type}.
     *
     * @throws InvalidArtifactException with a message that says what was expected and found
     */
    public static ArtifactInfo inspect(Path path, ArtifactType type) throws InvalidArtifactException {
        OutputScanner scanner = new OutputScanner(Cancellation.NONE);
        ScannedOutput output;
        try {
            output = scanner.scan(path.getFileName().toString(), path);
        } catch (StoppedException e) {
            throw new IllegalStateException("nothing stops this scan", e);
        }
        scanner.checkLinks();
        return inspect(output, type);
    }

    /**
     * Checks a scanned output against {@code type}.
     *
     * @throws InvalidArtifactException with a message that says what was expected and found
     */
    public static ArtifactInfo inspect(ScannedOutput output, ArtifactType type) throws InvalidArtifactException {
        Path path = output.path();
        if (type == ArtifactType.DIR) {
            if (!output.directory()) {
                throw new InvalidArtifactException("declared as dir, but " + path + " is a file");
            }
            return new ArtifactInfo(type, output.sizeBytes(), Optional.empty(), Optional.empty());
        }
        if (output.directory()) {
            throw new InvalidArtifactException("declared as " + type.yamlName() + ", but " + path
                    + " is not a regular file");
        }
        long size = output.sizeBytes();
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
}
