package dev.gantry.engine.cli;

import java.util.concurrent.CountDownLatch;

/** Keeps a daemon command running until Ctrl-C or SIGTERM, then closes what it serves. */
final class UntilStopped {
    private UntilStopped() {}

    /** Waits until the JVM is asked to stop; {@code service} is closed on the way out. */
    static void await(AutoCloseable service, String threadName) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                System.err.println("error: stopping: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, threadName));
        stopped.await();
    }
}
