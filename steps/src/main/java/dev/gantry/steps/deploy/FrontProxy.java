package dev.gantry.steps.deploy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The stable address of a served model. It forwards every request to the backend named in
 * {@code current.json}, read afresh for each request, so replacing that file switches versions
 * with no moment in which requests fail. A request whose backend went away under it (the old
 * version being stopped) is tried once more against the file's current backend.
 * {@code GET /proxy/status} answers for the proxy itself.
 */
final class FrontProxy implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpServer server;
    private final ExecutorService executor;
    private final ServingState state;

    private FrontProxy(HttpServer server, ExecutorService executor, ServingState state) {
        this.server = server;
        this.executor = executor;
        this.state = state;
    }

    /** Starts the proxy on the host and port (0 for any free port). */
    static FrontProxy start(String host, int port, ServingState state) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 128);
        ExecutorService executor = Executors.newFixedThreadPool(8);
        server.setExecutor(executor);
        FrontProxy proxy = new FrontProxy(server, executor, state);
        server.createContext("/", proxy::handle);
        server.start();
        return proxy;
    }

    /** Returns the port the proxy listens on. */
    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (exchange.getRequestURI().getPath().equals("/proxy/status")) {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("proxy", "gantry");
            status.put("serving", state.folder().toAbsolutePath().toString());
            status.put("backend", state.current().map(ServingState.Endpoint::version).orElse(""));
            Http.send(exchange, 200, status);
            return;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Optional<ServingState.Endpoint> backend = state.current();
        if (backend.isEmpty()) {
            Http.error(exchange, 503, "no model version is being served yet");
            return;
        }
        ServingState.Endpoint used = backend.get();
        HttpResponse<byte[]> response;
        try {
            response = forward(exchange, used, body);
        } catch (IOException firstTry) {
            used = state.current().orElse(used);
            try {
                response = forward(exchange, used, body);
            } catch (IOException e) {
                Http.error(exchange, 502, "the model server of " + used.version() + " did not answer: " + e);
                return;
            }
        }
        exchange.getResponseHeaders().set("X-Gantry-Version", used.version());
        Http.sendRaw(exchange, response.statusCode(), response.body());
    }

    private static HttpResponse<byte[]> forward(HttpExchange exchange, ServingState.Endpoint backend, byte[] body)
            throws IOException {
        URI uri = exchange.getRequestURI();
        String target = backend.url() + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target)).timeout(TIMEOUT)
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            return Http.client().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Stops accepting requests and waits up to a second for those in progress. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
    }
}
