package dev.gantry.steps.deploy;

import dev.gantry.steps.sdk.Flag;
import dev.gantry.steps.sdk.StepContext;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** What the long-running server commands share: their flags, and running until the process is told to stop. */
final class ServerSteps {
    static final Flag<String> HOST = Flag.string("host", "The address to listen on; one beyond loopback needs a"
            + " token.").withDefault("127.0.0.1");
    static final Flag<Path> READY_FILE = Flag.path("ready-file",
            "Optional: a file to write {version, host, port, pid} into once the server listens.");
    static final Flag<String> TOKEN = Flag.string("token", "Optional: every request must send 'Authorization: Bearer"
            + " TOKEN', or it gets 401. Default: " + ServerAccess.TOKEN_VARIABLE + ", which keeps it off the command"
            + " line.").withLabel("TOKEN");
    static final Flag<Boolean> ALLOW_UNAUTHENTICATED = Flag.bool("allow-unauthenticated",
            "Listen on an address beyond loopback without a token.");
    static final Flag<Long> MAX_BODY_BYTES = Flag.longInteger("max-body-bytes",
            "The largest request body accepted; a larger one gets 413.").withDefault(HttpOptions.DEFAULT_MAX_BODY_BYTES)
            .require(n -> n >= 1, "at least 1");
    static final Flag<Integer> READ_TIMEOUT_MS = Flag.integer("read-timeout-ms",
            "Milliseconds a client has to send its whole request; a slower one gets 408 and is closed.")
            .withDefault((int) HttpOptions.DEFAULT_READ_TIMEOUT.toMillis()).require(n -> n >= 1, "at least 1");

    private ServerSteps() {}

    /**
     * Returns the server options the flags give, after checking that the host may be listened on
     * with the token given (or without one).
     */
    static HttpOptions options(StepContext context, String host) {
        HttpOptions options = new HttpOptions(context.get(MAX_BODY_BYTES),
                Duration.ofMillis(context.get(READ_TIMEOUT_MS)), ServerAccess.token(context));
        ServerAccess.checkHost(host, options.token(), context.get(ALLOW_UNAUTHENTICATED));
        return options;
    }

    /**
     * Announces the server and blocks until the JVM is asked to stop (SIGTERM or Ctrl-C); the
     * shutdown hook closes the server, which lets the requests in progress finish.
     */
    static void runUntilStopped(StepContext context, AutoCloseable server, ServingState.Endpoint endpoint, String what)
            throws IOException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                // The process is ending; there is no one left to tell.
            }
            stopped.countDown();
        }, "gantry-server-stop"));
        if (context.find(READY_FILE).isPresent()) {
            ServingState.write(context.get(READY_FILE), endpoint);
        }
        context.log(what + " listening on " + endpoint.url() + " (pid " + endpoint.pid() + ")");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
