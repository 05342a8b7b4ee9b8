package dev.gantry.steps.deploy.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one HTTP/1.x request, never holding more than the limits allow: the request line and
 * headers together at most {@link #MAX_HEAD_BYTES}, the body (by {@code Content-Length} or
 * chunked) at most the body limit. A body with neither has no body, as HTTP/1.1 says.
 */
final class RequestReader {
    /** The most bytes the request line and the headers may take together. */
    static final int MAX_HEAD_BYTES = 16 * 1024;
    private static final int MAX_CHUNK_LINE = 1024;

    /** The request line and headers of a request whose body is still to be read. */
    record Head(String method, String target, Map<String, String> headers) {
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }
    }

    private final InputStream in;
    private final long maxBodyBytes;
    private int headBudget = MAX_HEAD_BYTES;

    RequestReader(InputStream in, long maxBodyBytes) {
        this.in = in;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Reads the request line and headers; empty when the client closed before sending a byte. */
    Optional<Head> head() throws IOException {
        Optional<String> first = line(true);
        if (first.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = first.get().split(" ", -1);
        if (parts.length != 3 || !parts[0].matches("[A-Z]{1,20}") || !parts[1].startsWith("/")
                || !parts[2].matches("HTTP/1\\.[01]")) {
            throw new HttpFailure(400, "the request line must be 'METHOD /PATH HTTP/1.1'");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        while (true) {
            String line = line(false).orElseThrow(() -> new HttpFailure(400, "the request ended inside its headers"));
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.substring(0, colon).strip().length() != colon) {
                throw new HttpFailure(400, "a header line must be 'NAME: VALUE'");
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
        return Optional.of(new Head(parts[0], parts[1], headers));
    }

    /**
     * Reads the body the head announces. {@code beforeBody} runs when the body is acceptable and
     * about to be read, for answering {@code Expect: 100-continue}.
     */
    byte[] body(Head head, Continuation beforeBody) throws IOException {
        Optional<String> encoding = head.header("transfer-encoding");
        Optional<String> length = head.header("content-length");
        if (encoding.isPresent() && length.isPresent()) {
            throw new HttpFailure(400, "a request may have Content-Length or Transfer-Encoding, not both");
        }
        if (encoding.isPresent()) {
            if (!encoding.get().equalsIgnoreCase("chunked")) {
                throw new HttpFailure(501, "the only Transfer-Encoding accepted is chunked, was '" + encoding.get() + "'");
            }
            beforeBody.run();
            return chunked();
        }
        if (length.isEmpty()) {
            return new byte[0];
        }
        long declared = contentLength(length.get());
        if (declared > maxBodyBytes) {
            throw tooLarge();
        }
        beforeBody.run();
        byte[] body = in.readNBytes((int) declared);
        if (body.length < declared) {
            throw new HttpFailure(400, "the body ended after " + body.length + " of its " + declared + " bytes");
        }
        return body;
    }

    /** What to do before reading an acceptable body. */
    @FunctionalInterface
    interface Continuation {
        void run() throws IOException;
    }

    /** Returns the answer to a body over the limit. */
    HttpFailure tooLarge() {
        return new HttpFailure(413, "the request body is larger than the limit of " + maxBodyBytes
                + " bytes; send fewer rows per request, or start the server with a larger --max-body-bytes");
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = chunkLine();
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip();
            long size;
            try {
                size = hex.length() > 15 ? Long.MAX_VALUE : Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new HttpFailure(400, "a chunk size must be hexadecimal, was '" + abbreviate(hex) + "'");
            }
            if (size < 0) {
                throw new HttpFailure(400, "a chunk size must be hexadecimal, was '" + abbreviate(hex) + "'");
            }
            if (size == 0) {
                break;
            }
            if (size > maxBodyBytes - body.size()) {
                throw tooLarge();
            }
            byte[] chunk = in.readNBytes((int) size);
            if (chunk.length < size) {
                throw new HttpFailure(400, "the body ended inside a chunk");
            }
            body.write(chunk);
            if (!chunkLine().isEmpty()) {
                throw new HttpFailure(400, "a chunk must end with a line break");
            }
        }
        while (!line(false).orElseThrow(() -> new HttpFailure(400, "the request ended inside its trailers")).isEmpty()) {
            // Trailers carry nothing the servers use; they count against the head's budget.
        }
        return body.toByteArray();
    }

    /** Reads the line of a chunk's size, or the break after its data, without the line break. */
    private String chunkLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new HttpFailure(400, "the body ended inside a chunk");
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            if (line.size() >= MAX_CHUNK_LINE) {
                throw new HttpFailure(400, "a chunk's size line is longer than " + MAX_CHUNK_LINE + " bytes");
            }
            line.write(b);
        }
    }

    /** Reads one line without its line break; empty at the end of the input (only allowed when {@code mayEnd}). */
    private Optional<String> line(boolean mayEnd) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (mayEnd && line.size() == 0) {
                    return Optional.empty();
                }
                throw new HttpFailure(400, "the request ended in the middle of a line");
            }
            if (--headBudget < 0) {
                throw new HttpFailure(431, "the request line and headers are larger than the limit of "
                        + MAX_HEAD_BYTES + " bytes");
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return Optional.of(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
            }
            line.write(b);
        }
    }

    private static long contentLength(String value) throws HttpFailure {
        if (!value.matches("[0-9]{1,18}")) {
            throw new HttpFailure(400, "Content-Length must be a number of bytes, was '" + abbreviate(value) + "'");
        }
        return Long.parseLong(value);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
