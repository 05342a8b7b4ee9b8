package dev.gantry.steps.deploy;

import com.sun.net.httpserver.HttpExchange;
import dev.gantry.steps.sdk.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Small helpers shared by the prediction server, the front proxy and the health checks. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Http() {}

    /** Sends a JSON response and closes the exchange. */
    static void send(HttpExchange exchange, int status, Object body) throws IOException {
        sendRaw(exchange, status, (Json.toString(body) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Sends bytes as a JSON response and closes the exchange. */
    static void sendRaw(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Sends an error as {@code {"error": message}}. */
    static void error(HttpExchange exchange, int status, String message) throws IOException {
        send(exchange, status, Map.of("error", message));
    }

    /** Returns the body of a GET of the URL when it answers 200 within the timeout, else empty. */
    static Optional<String> getOk(String url, Duration timeout) {
        try {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Returns the JSON field of a GET of the URL that answers 200, else empty. */
    static Optional<String> getField(String url, String field) {
        return getOk(url, Duration.ofSeconds(2)).flatMap(body -> {
            try {
                com.fasterxml.jackson.databind.JsonNode value = Json.mapper().readTree(body).path(field);
                return value.isValueNode() ? Optional.of(value.asText()) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    /** Returns the shared client. */
    static HttpClient client() {
        return CLIENT;
    }
}
