package dev.gantry.steps.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The JSON the steps read and write: map keys sorted and indented, so the same content
 * always gives the same bytes (and the same content hash in the store).
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private Json() {}

    /** Returns the shared mapper; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Writes a value as JSON with a trailing newline. */
    public static void write(Path file, Object value) {
        try {
            Files.writeString(file, MAPPER.writeValueAsString(value) + "\n");
        } catch (IOException e) {
            throw new ArtifactException(file, "cannot write JSON", e);
        }
    }

    /** Returns a value as a JSON string. */
    public static String toString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot turn " + value.getClass() + " into JSON", e);
        }
    }

    /** Reads a JSON file as a tree, or throws an {@link ArtifactException} naming the file. */
    public static JsonNode read(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (NoSuchFileException e) {
            throw new ArtifactException(file, "no such file");
        } catch (IOException e) {
            if (!Files.exists(file)) {
                throw new ArtifactException(file, "no such file");
            }
            throw new ArtifactException(file, "not valid JSON", e);
        }
    }
}
