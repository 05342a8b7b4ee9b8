package dev.gantry.steps.deploy.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A small HTTP/1.1 server of JSON answers that bad clients cannot wear down. Every connection
 * carries one request and is closed after its answer. A client has {@link HttpOptions#readTimeout()}
 * to send its whole request, or it is answered with 408 and closed, so connections that stall
 * hold a worker for that long at most and the others are served meanwhile; at most
 * {@link #MAX_CONNECTIONS} are served at once, and one more is answered with 503. A body over
 * {@link HttpOptions#maxBodyBytes()} is answered with 413 before more than the limit is read.
 * With a token, a request without {@code Authorization: Bearer TOKEN} is answered with 401. A
 * handler that throws is answered with 500 and a message that says nothing of the failure, which
 * goes to the log in full.
 */
public final class JsonHttpServer implements AutoCloseable {
    /** The most connections served at once. */
    public static final int MAX_CONNECTIONS = 64;
    /** The message of every 500: the failure itself is only logged. */
    public static final String INTERNAL_ERROR = "the server failed to answer this request; its log has the details";
    /** How long an answered connection is read and discarded, so that the client sees the answer, not a reset. */
    private static final Duration LINGER = Duration.ofSeconds(2);
    private static final long LINGER_BYTES = 64L * 1024 * 1024;
    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final ServerSocket socket;
    private final HttpOptions options;
    private final Handler handler;
    private final Consumer<String> log;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService watchdog;
    private final Thread acceptor;

    private JsonHttpServer(ServerSocket socket, HttpOptions options, Handler handler, Consumer<String> log) {
        this.socket = socket;
        this.options = options;
        this.handler = handler;
        this.log = log;
        int id = SERVERS.incrementAndGet();
        AtomicInteger workerId = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(0, MAX_CONNECTIONS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> daemon(task, "gantry-http-" + id + "-worker-" + workerId.incrementAndGet()));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "gantry-http-" + id + "-watchdog"));
        this.acceptor = daemon(this::acceptAll, "gantry-http-" + id + "-accept");
    }

    /**
     * Starts serving on the host and port (0 for any free port).
     *
     * @param log where failures of the server itself go, in full
     */
    public static JsonHttpServer start(String host, int port, HttpOptions options, Handler handler,
            Consumer<String> log) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port), 128);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        JsonHttpServer server = new JsonHttpServer(socket, options, handler, log);
        server.acceptor.start();
        return server;
    }

    /** Returns the port the server listens on. */
    public int port() {
        return socket.getLocalPort();
    }

    private void acceptAll() {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    // Such as running out of file descriptors: pausing lets connections finish.
                    log.accept("http: accepting a connection failed: " + e);
                    pause();
                }
                continue;
            }
            try {
                workers.execute(() -> serve(client));
            } catch (RejectedExecutionException e) {
                refuse(client);
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Answers a connection beyond {@link #MAX_CONNECTIONS} (or one that arrives while closing) at once. */
    private void refuse(Socket client) {
        try (client) {
            OutputStream out = client.getOutputStream();
            Response.error(503, "the server is busy with " + MAX_CONNECTIONS + " connections; try again shortly")
                    .writeTo(out);
            out.flush();
        } catch (IOException e) {
            // The client went away; there is no one to answer.
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(new DeadlineInputStream(client, options.readTimeout()));
            OutputStream out = new BufferedOutputStream(client.getOutputStream());
            RequestReader reader = new RequestReader(in, options.maxBodyBytes());
            Response response;
            boolean wholeRequestRead = false;
            try {
                Optional<RequestReader.Head> head = reader.head();
                if (head.isEmpty()) {
                    return;
                }
                Optional<Response> refused = refusal(head.get());
                if (refused.isPresent()) {
                    response = refused.get();
                } else {
                    byte[] body = reader.body(head.get(), () -> sendContinue(head.get(), out));
                    wholeRequestRead = true;
                    response = answer(request(head.get(), body));
                }
            } catch (HttpFailure failure) {
                response = Response.error(failure.status(), failure.getMessage());
                if (failure.status() == 408) {
                    // The client is not sending: there is nothing to wait for after the answer.
                    wholeRequestRead = true;
                }
            }
            write(client, out, response);
            if (!wholeRequestRead) {
                discardTheRest(client);
            }
        } catch (IOException e) {
            // The client went away or broke the connection; there is no one left to answer.
        }
    }

    /** Returns the answer to a request the server refuses before reading its body, if it does. */
    private Optional<Response> refusal(RequestReader.Head head) {
        if (options.token().isEmpty()) {
            return Optional.empty();
        }
        Optional<String> authorization = head.header("authorization");
        if (authorization.isEmpty()) {
            return Optional.of(unauthorized("this server needs a token: send the header 'Authorization: Bearer TOKEN'"));
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

    private static void sendContinue(RequestReader.Head head, OutputStream out) throws IOException {
        if (head.header("expect").filter("100-continue"::equalsIgnoreCase).isPresent()) {
            out.write((Response.statusLine(100) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }

    private static Request request(RequestReader.Head head, byte[] body) {
        String target = head.target();
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        Optional<String> query = question < 0 ? Optional.empty() : Optional.of(target.substring(question + 1));
        return new Request(head.method(), path, query, head.headers(), body);
    }

    private Response answer(Request request) {
        try {
            return handler.handle(request);
        } catch (RuntimeException | StackOverflowError e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            log.accept("http: answering " + request.method() + " " + request.path() + " failed, so it got 500: "
                    + trace.toString().stripTrailing());
            return Response.error(500, INTERNAL_ERROR);
        }
    }

    /** Writes the answer; a client that does not take it within the read timeout is cut off. */
    private void write(Socket client, OutputStream out, Response response) throws IOException {
        ScheduledFuture<?> cutOff = watchdog.schedule(() -> closeQuietly(client), options.readTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            response.writeTo(out);
            out.flush();
        } finally {
            cutOff.cancel(false);
        }
    }

    /**
     * Reads and drops what the client still sends, for a short while, after an answer given
     * before its request was read to the end. Closing at once with unread input would reset the
     * connection, and the client might lose the answer.
     */
    private static void discardTheRest(Socket client) throws IOException {
        client.shutdownOutput();
        long deadline = System.nanoTime() + LINGER.toNanos();
        InputStream in = client.getInputStream();
        byte[] buffer = new byte[64 * 1024];
        long discarded = 0;
        while (discarded < LINGER_BYTES) {
            long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMillis <= 0) {
                return;
            }
            client.setSoTimeout((int) leftMillis);
            int n;
            try {
                n = in.read(buffer);
            } catch (java.net.SocketTimeoutException e) {
                return;
            }
            if (n < 0) {
                return;
            }
            discarded += n;
        }
    }

    private static void closeQuietly(Socket client) {
        try {
            client.close();
        } catch (IOException e) {
            // It is being closed because it is stuck; a failure to close changes nothing.
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Stops accepting connections and waits up to a second for the requests in progress. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // The socket is gone either way.
        }
        workers.shutdown();
        try {
            workers.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        watchdog.shutdownNow();
    }
}
