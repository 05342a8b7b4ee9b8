package dev.gantry.steps.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The stable address of a served model. It forwards every request to the backend named in
 * {@code current.json}, read afresh for each request, so replacing that file switches versions
 * with no moment in which requests fail. A request whose backend went away under it (the old
 * version being stopped) is tried once more against the file's current backend.
 * {@code GET /proxy/status} answers for the proxy itself. The limits, timeouts and token of
 * {@link JsonServer} apply to every request; the backends share the proxy's token, which it
 * sends them itself.
 */
final class FrontProxy implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final JsonServer server;
    private final ServingState state;
    private final Optional<String> token;
    private final Consumer<String> log;

    private FrontProxy(String host, int port, HttpOptions options, ServingState state, Consumer<String> log)
            throws IOException {
        this.state = state;
        this.token = options.token();
        this.log = log;
        this.server = JsonServer.start(host, port, options, this::handle, log);
    }

    /**
     * Starts the proxy on the host and port (0 for any free port).
     *
     * @param log where failures to reach a backend, and internal failures, go in full
     */
    static FrontProxy start(String host, int port, HttpOptions options, ServingState state, Consumer<String> log)
            throws IOException {
        return new FrontProxy(host, port, options, state, log);
    }

    /** Returns the port the proxy listens on. */
    int port() {
        return server.port();
    }

    private Response handle(Request request) {
        if (request.path().equals("/proxy/status")) {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("proxy", "gantry");
            status.put("serving", state.folder().toAbsolutePath().toString());
            status.put("backend", state.current().map(ServingState.Endpoint::version).orElse(""));
            return Response.json(200, status);
        }
        Optional<ServingState.Endpoint> backend = state.current();
        if (backend.isEmpty()) {
            return Response.error(503, "no model version is being served yet");
        }
        ServingState.Endpoint used = backend.get();
        try {
            URI.create(used.url() + request.path());
        } catch (IllegalArgumentException e) {
            return Response.error(400, "the request's path is not a valid URI path");
        }
        HttpResponse<byte[]> response;
        try {
            response = forward(request, used);
        } catch (IOException firstTry) {
            used = state.current().orElse(used);
            try {
                response = forward(request, used);
            } catch (IOException e) {
                log.accept("proxy: forwarding " + request.method() + " " + request.path() + " to " + used.version()
                        + " at " + used.url() + " failed: " + e);
                return Response.error(502, "the model server of " + used.version() + " did not answer");
            }
        }
        return new Response(response.statusCode(), response.body(), Map.of()).withHeader("X-Gantry-Version",
                used.version());
    }

    private HttpResponse<byte[]> forward(Request request, ServingState.Endpoint backend) throws IOException {
        String target = backend.url() + request.path() + request.query().map(q -> "?" + q).orElse("");
        byte[] body = request.body();
        HttpRequest.Builder forwarded = HttpRequest.newBuilder(URI.create(target)).timeout(TIMEOUT)
                .method(request.method(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        request.header("Content-Type").ifPresent(type -> forwarded.header("Content-Type", type));
        token.ifPresent(t -> forwarded.header("Authorization", "Bearer " + t));
        try {
            return Http.client().send(forwarded.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Stops accepting requests and waits up to a second for those in progress. */
    @Override
    public void close() {
        server.close();
    }
}
