package dev.gantry.steps.deploy;

import dev.gantry.steps.sdk.Flag;
import dev.gantry.steps.sdk.StepContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** What the long-running server commands share: their flags, and running until the process is told to stop. */
final class ServerSteps {
    static final Flag<String> HOST = Flag.string("host", "The address to listen on.").withDefault("127.0.0.1");
    static final Flag<Path> READY_FILE = Flag.path("ready-file",
            "Optional: a file to write {version, host, port, pid} into once the server listens.");

    private ServerSteps() {}

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
