package dev.gantry.steps.deploy;

import dev.gantry.steps.sdk.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON answer of a {@link JsonServer}: a status, a body, and headers beside the ones every
 * answer has ({@code Content-Type: application/json}, {@code Connection: close}).
 *
 * @param status the HTTP status code
 * @param body the body's bytes, JSON
 * @param headers more headers by name
 */
record Response(int status, byte[] body, Map<String, String> headers) {
    /** Makes the answer. */
    Response {
        headers = Map.copyOf(headers);
    }

    /** Answers with a value written as JSON. */
    static Response json(int status, Object value) {
        return new Response(status, (Json.toString(value) + "\n").getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** Answers with {@code {"error": message}}. */
    static Response error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    /** Returns the same answer with one more header. */
    Response withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Response(status, body, more);
    }
}
