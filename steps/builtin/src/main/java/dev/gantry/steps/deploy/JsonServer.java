package dev.gantry.steps.deploy;

import io.javalin.Javalin;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An HTTP/1.1 server of JSON answers that bad clients cannot wear down, on Javalin and Jetty.
 * Every connection carries one request and is closed after its answer. A client has
 * {@link HttpOptions#readTimeout()} from connecting to send its whole request (see
 * {@link ReadDeadline}); a waiting connection holds no thread, only one whose body is being read
 * does, and for that long at most. At most {@link #MAX_CONNECTIONS} are open at once; beyond
 * that, new ones wait to be accepted. A body over {@link HttpOptions#maxBodyBytes()}, by
 * {@code Content-Length} or chunked, is answered with 413 before more than the limit is read.
 * With a token, a request without {@code Authorization: Bearer TOKEN} is answered with 401 before
 * its body is read. A handler that throws is answered with 500 and a message that says nothing of
 * the failure, which goes to the log in full. Requests Jetty refuses itself get a
 * {@link JsonErrorPage}.
 */
final class JsonServer implements AutoCloseable {
    /** The most connections open at once. */
    static final int MAX_CONNECTIONS = 256;
    /** The message of every 500: the failure itself is only logged. */
    static final String INTERNAL_ERROR = "the server failed to answer this request; its log has the details";

    /** Answers one request whose body has been read whole. */
    @FunctionalInterface
    interface Handler {
        /** Returns the answer to the request. */
        Response handle(Request request);
    }

    private final Javalin app;

    private JsonServer(Javalin app) {
        this.app = app;
    }

    /**
     * Starts serving on the host and port (0 for any free port).
     *
     * @param log where failures of requests, in full, go
     */
    static JsonServer start(String host, int port, HttpOptions options, Handler handler, Consumer<String> log)
            throws IOException {
        Exchange exchange = new Exchange(options, handler, log);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.startup.startupWatcherEnabled = false;
            config.http.maxRequestSize = options.maxBodyBytes();
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(new JsonErrorPage());
                server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, server));
                server.setStopTimeout(1000);
            });
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrorPage()));
            config.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
                http.setRequestHeaderSize(JsonErrorPage.MAX_HEAD_BYTES);
            });
            config.jetty.addConnector((server, http) -> exchange.connector(server, http, host, port));
            config.routes.before(exchange::serve);
            config.routes.exception(Exception.class, (e, ctx) -> exchange.failed(ctx, e));
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            app.stop();
            throw new IOException("cannot listen on " + host + ":" + port + ": " + rootMessage(e), e);
        }
        return new JsonServer(app);
    }

    /** Returns the port the server listens on. */
    int port() {
        return app.port();
    }

    /** Stops accepting connections and waits up to a second for the requests in progress. */
    @Override
    public void close() {
        app.stop();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    /** What the server does with each request: checks, reads the body, asks the handler, answers. */
    private static final class Exchange {
        private final HttpOptions options;
        private final Handler handler;
        private final Consumer<String> log;
        private ReadDeadline deadline;

        Exchange(HttpOptions options, Handler handler, Consumer<String> log) {
            this.options = options;
            this.handler = handler;
            this.log = log;
        }

        ServerConnector connector(Server server, HttpConfiguration http, String host, int port) {
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(host);
            connector.setPort(port);
            // A connection on which nothing moves is closed after the deadline's grace at the
            // latest, such as one whose client does not read its answer.
            connector.setIdleTimeout(options.readTimeout().plus(ReadDeadline.GRACE).toMillis());
            deadline = new ReadDeadline(connector, options.readTimeout());
            connector.addEventListener(deadline);
            return connector;
        }

        void serve(Context ctx) {
            ctx.skipRemainingHandlers();
            write(ctx, answer(ctx));
        }

        void failed(Context ctx, Exception e) {
            log.accept("http: answering " + ctx.req().getMethod() + " " + ctx.path() + " failed, so it got 500: "
                    + trace(e));
            write(ctx, Response.error(500, INTERNAL_ERROR));
        }

        private static void write(Context ctx, Response response) {
            ctx.status(response.status());
            ctx.contentType("application/json");
            ctx.header("Connection", "close");
            response.headers().forEach(ctx::header);
            ctx.result(response.body());
        }

        private Response answer(Context ctx) {
            HttpServletRequest servletRequest = ctx.req();
            Map<String, String> headers = headers(servletRequest);
            Optional<Response> refused = refusal(Optional.ofNullable(headers.get("authorization")));
            if (refused.isPresent()) {
                return refused.get();
            }
            if (servletRequest.getContentLengthLong() > options.maxBodyBytes()) {
                // Answered before the body is read, and before Expect: 100-continue is.
                return tooLarge();
            }
            Optional<byte[]> body;
            try {
                body = body(servletRequest.getInputStream());
            } catch (IOException | RuntimeException e) {
                return unreadable(e);
            }
            if (body.isEmpty()) {
                return tooLarge();
            }
            deadline.received(ServletContextRequest.getServletContextRequest(servletRequest).getConnectionMetaData()
                    .getConnection());
            Request request = new Request(servletRequest.getMethod(), ctx.path(),
                    Optional.ofNullable(servletRequest.getQueryString()), headers, body.get());
            try {
                return handler.handle(request);
            } catch (RuntimeException | StackOverflowError e) {
                log.accept("http: answering " + request.method() + " " + request.path() + " failed, so it got 500: "
                        + trace(e));
                return Response.error(500, INTERNAL_ERROR);
            }
        }

        /** Returns the answer to a request the server refuses before reading its body, if it does. */
        private Optional<Response> refusal(Optional<String> authorization) {
            if (options.token().isEmpty()) {
                return Optional.empty();
            }
            if (authorization.isEmpty()) {
                return Optional.of(unauthorized("this server needs a token: send the header 'Authorization: Bearer"
                        + " TOKEN'"));
            }
            byte[] expected = ("Bearer " + options.token().get()).getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(expected, authorization.get().getBytes(StandardCharsets.UTF_8))) {
                return Optional.of(unauthorized("the token in the Authorization header is not this server's; send "
                        + "'Authorization: Bearer TOKEN' with the token the server was started with"));
            }
            return Optional.empty();
        }

        private static Response unauthorized(String message) {
            return Response.error(401, message).withHeader("WWW-Authenticate", "Bearer realm=\"gantry\"");
        }

        private Response tooLarge() {
            return Response.error(413, "the request body is larger than the limit of " + options.maxBodyBytes()
                    + " bytes; send fewer rows per request, or start the server with a larger --max-body-bytes");
        }

        /** Reads the body, chunked or not; empty when it is over the limit, of which no more is read. */
        private Optional<byte[]> body(InputStream in) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] buffer = new byte[16 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (body.size() + (long) n > options.maxBodyBytes()) {
                    return Optional.empty();
                }
                body.write(buffer, 0, n);
            }
            return Optional.of(body.toByteArray());
        }

        /** Answers a body that could not be read: too slow, badly framed, or cut off. */
        private Response unreadable(Exception e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof TimeoutException) {
                    return Response.error(408, deadline.message());
                }
                if (cause instanceof HttpException http) {
                    return Response.error(http.getCode(), JsonErrorPage.messageFor(http.getCode()));
                }
            }
            // The client went away or broke the connection; the answer reaches no one.
            return Response.error(400, "the request body ended before its end");
        }

        private static Map<String, String> headers(HttpServletRequest request) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (String name : Collections.list(request.getHeaderNames())) {
                headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", Collections.list(request.getHeaders(name))));
            }
            return headers;
        }

        private static String trace(Throwable e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            return trace.toString().stripTrailing();
        }
    }
}
