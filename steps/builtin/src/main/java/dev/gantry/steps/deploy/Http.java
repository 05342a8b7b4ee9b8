package dev.gantry.steps.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.steps.sdk.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** The HTTP client the front proxy and the health checks share. */
final class Http {
    // HTTP/1.1 only: the servers speak nothing else, and the client need not offer an upgrade.
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private Http() {}

    /**
     * Returns the body of a GET of the URL when it answers 200 within the timeout, else empty.
     *
     * @param token sent as {@code Authorization: Bearer TOKEN}, if present
     */
    static Optional<String> getOk(String url, Duration timeout, Optional<String> token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET();
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Returns the JSON field of a GET of the URL that answers 200, else empty. */
    static Optional<String> getField(String url, String field, Optional<String> token) {
        return getOk(url, Duration.ofSeconds(2), token).flatMap(body -> {
            try {
                JsonNode value = Json.mapper().readTree(body).path(field);
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
