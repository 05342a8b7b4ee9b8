package dev.gantry.steps.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.steps.sdk.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP spoken by hand over a plain socket, for tests that need what a well-behaved client never
 * does: stop halfway, send too much, or send nothing at all.
 */
public final class RawHttp {
    /** What came back on a connection until the server closed it, and when it did. */
    public record Answer(String text, Duration closedAfter) {
        /** Returns the status code of the status line. */
        public int status() {
            return Integer.parseInt(text.substring(9, 12));
        }

        /** Returns the body: what follows the blank line after the headers. */
        public String body() {
            int blank = text.indexOf("\r\n\r\n");
            return blank < 0 ? "" : text.substring(blank + 4);
        }

        /** Returns the {@code "error"} of a JSON body, or fails when the body has none. */
        public String error() {
            try {
                JsonNode error = Json.mapper().readTree(body()).path("error");
                if (!error.isTextual()) {
                    throw new AssertionError("the answer has no \"error\": " + text);
                }
                return error.asText();
            } catch (IOException e) {
                throw new AssertionError("the answer's body is not JSON: " + text, e);
            }
        }

        /** Returns whether the headers include this line, as in {@code Connection: close}. */
        public boolean hasHeader(String line) {
            int blank = text.indexOf("\r\n\r\n");
            return (blank < 0 ? text : text.substring(0, blank + 2)).contains("\r\n" + line + "\r\n");
        }
    }

    private RawHttp() {}

    /** Opens a connection to the port on 127.0.0.1. */
    public static Socket connect(int port) throws IOException {
        return new Socket("127.0.0.1", port);
    }

    /** Writes text to the connection. */
    public static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Sends a whole request and returns the answer. */
    public static Answer exchange(int port, String request, Duration patience) throws IOException {
        try (Socket socket = connect(port)) {
            long start = System.nanoTime();
            write(socket, request);
            return readToEnd(socket, start, patience);
        }
    }

    /**
     * Reads until the server closes the connection, counting from {@code start} (a
     * {@link System#nanoTime()}); fails if that takes longer than the patience.
     */
    public static Answer readToEnd(Socket socket, long start, Duration patience) throws IOException {
        socket.setSoTimeout((int) patience.toMillis());
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                text.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + patience.toMillis()
                    + " ms; it had sent: " + text.toString(StandardCharsets.UTF_8), e);
        }
        return new Answer(text.toString(StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - start));
    }

    /** Returns a request with a body and its Content-Length. */
    public static String post(String path, String body, String... headers) {
        StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        request.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
        return request + new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Returns a GET request. */
    public static String get(String path, String... headers) {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return request.append("\r\n").toString();
    }
}
