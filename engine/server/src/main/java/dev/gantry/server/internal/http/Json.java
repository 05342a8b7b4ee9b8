package dev.gantry.server.internal.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/** The server's JSON: objects built field by field, so each answer is exactly what the OpenAPI file says. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Puts {@code value} as an ISO-8601 time, or nothing when it is empty. */
    public static void putTime(ObjectNode node, String field, Optional<Instant> value) {
        value.ifPresent(v -> node.put(field, v.toString()));
    }

    /** Puts {@code value}, or nothing when it is empty. */
    public static void putText(ObjectNode node, String field, Optional<String> value) {
        value.ifPresent(v -> node.put(field, v));
    }

    /** The text of {@code node}. */
    public static String write(Object node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
