package dev.gantry.steps.deploy.http;

import dev.gantry.steps.sdk.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON answer: a status, a body, and headers beside the ones every answer has
 * ({@code Content-Type: application/json}, {@code Content-Length}, {@code Connection: close}).
 *
 * @param status the HTTP status code
 * @param body the body's bytes, JSON
 * @param headers more headers by name
 */
public record Response(int status, byte[] body, Map<String, String> headers) {
    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(100, "Continue"),
            Map.entry(200, "OK"), Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"),
            Map.entry(413, "Content Too Large"), Map.entry(431, "Request Header Fields Too Large"),
            Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"));

    /** Makes the answer. */
    public Response {
        headers = Map.copyOf(headers);
    }

    /** Answers with a value written as JSON. */
    public static Response json(int status, Object value) {
        return new Response(status, (Json.toString(value) + "\n").getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** Answers with {@code {"error": message}}. */
    public static Response error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    /** Returns the same answer with one more header. */
    public Response withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Response(status, body, more);
    }

    /** Writes the status line, the headers and the body. */
    void writeTo(OutputStream out) throws IOException {
        StringBuilder head = new StringBuilder();
        head.append(statusLine(status));
        head.append("Content-Type: application/json\r\n");
        head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("Connection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
    }

    /** Returns the status line of a status, with its line break. */
    static String statusLine(int status) {
        return "HTTP/1.1 " + status + " " + REASONS.getOrDefault(status, "Status") + "\r\n";
    }
}
