package dev.gantry.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Asks a running server over real HTTP, and checks every answer against the OpenAPI file: its
 * status, content type and JSON body. Each operation answered is counted in {@code seen}.
 */
final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final OpenApiDocument api;
    private final Set<String> seen;

    ApiClient(int port, OpenApiDocument api, Set<String> seen) {
        this.base = "http://127.0.0.1:" + port;
        this.api = api;
        this.seen = seen;
    }

    /** An answer, checked against the OpenAPI file. */
    record Answer(int status, String contentType, String body, HttpResponse<String> response) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }
    }

    Answer get(String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET());
    }

    /** A POST as the UI sends it: the CSRF cookie and the header of the same value. */
    Answer post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .header("Cookie", "gantry_csrf=test-csrf")
                .header("X-Gantry-CSRF", "test-csrf")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A request as given, for the access checks. */
    HttpResponse<String> raw(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A Server-Sent Event: its name and data. */
    record Event(String name, String data) {
        JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + data, e);
            }
        }
    }

    /**
     * Follows the event stream at {@code path} until an event named {@code last} arrives (it is
     * included) or the server ends the stream; fails after {@code timeout}.
     */
    java.util.List<Event> events(String path, String last, Duration timeout) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/event-stream")
                .GET().build();
        java.util.List<Event> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CompletableFuture<Void> done = http.sendAsync(request,
                HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> {
                    String type = response.headers().firstValue("Content-Type").orElse("");
                    String operation = api.operation("GET", response.uri().getRawPath()).orElseThrow();
                    try {
                        assertThat(api.problems(operation, response.statusCode(), type, "")).isEmpty();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    seen.add(operation);
                    String[] name = {"message"};
                    StringBuilder data = new StringBuilder();
                    java.util.Iterator<String> lines = response.body().iterator();
                    while (lines.hasNext()) {
                        String line = lines.next();
                        if (line.startsWith("event:")) {
                            name[0] = line.substring(6).trim();
                        } else if (line.startsWith("data:")) {
                            data.append(data.length() == 0 ? "" : "\n").append(line.substring(5).stripLeading());
                        } else if (line.isEmpty() && data.length() > 0) {
                            events.add(new Event(name[0], data.toString()));
                            if (name[0].equals(last)) {
                                return;
                            }
                            name[0] = "message";
                            data.setLength(0);
                        }
                    }
                });
        done.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        return events;
    }

    String base() {
        return base;
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = raw(request);
        String path = response.uri().getRawPath();
        String method = response.request().method();
        String operation = api.operation(method, path)
                .orElseThrow(() -> new AssertionError(method + " " + path + " is not in the OpenAPI file"));
        String type = response.headers().firstValue("Content-Type").orElse(null);
        assertThat(api.problems(operation, response.statusCode(), type, response.body()))
                .as("%s %s", method, path).isEmpty();
        seen.add(operation);
        return new Answer(response.statusCode(), type, response.body(), response);
    }
}
