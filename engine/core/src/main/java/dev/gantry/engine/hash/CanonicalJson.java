package dev.gantry.engine.hash;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;
import java.util.Optional;

/**
 * JSON with map keys sorted and no insignificant whitespace, so equal values give equal text
 * (and equal hashes) in every JVM run. Cache keys and entries are written with jackson-core's
 * generator ({@link JsonWriter}) and read by a small reader ({@link JsonReader}); both give
 * exactly what Jackson's object mapper gives, which handles only what they decline.
 */
public final class CanonicalJson {
    /** Made on first use: most commands never need it, and making it takes a while. */
    private static final class Jackson {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    }

    private CanonicalJson() {}

    /** The canonical text of a tree of maps, lists, strings and numbers. */
    public static String write(Object value) {
        Optional<String> text = JsonWriter.write(value);
        if (text.isPresent()) {
            return text.get();
        }
        try {
            return Jackson.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + value, e);
        }
    }

    /** Reads a JSON object written by {@link #write}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readObject(String json) {
        Optional<Map<String, Object>> read = JsonReader.readObject(json);
        if (read.isPresent()) {
            return read.get();
        }
        try {
            return Jackson.MAPPER.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON object: " + json, e);
        }
    }

    /** The shared mapper, for code that reads or writes JSON in the engine. */
    public static ObjectMapper mapper() {
        return Jackson.MAPPER;
    }
}
