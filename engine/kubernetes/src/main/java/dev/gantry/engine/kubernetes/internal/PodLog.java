package dev.gantry.engine.kubernetes.internal;

import dev.gantry.engine.spi.SecretMask;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pod's output as the cluster streams it (followed from the container's start until it ends),
 * split into lines that go to the attempt's log file and to the console, with secret values
 * masked. It starts once the container has started, since a waiting container has no log.
 */
final class PodLog {
    private static final Logger LOG = LoggerFactory.getLogger(PodLog.class);
    private final Path logFile;
    private final Writer log;
    private final Consumer<String> lines;
    private final SecretMask mask;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile LogWatch watch;
    private boolean started;
    private boolean closed;

    PodLog(Path logFile, Consumer<String> lines, SecretMask mask) throws IOException {
        this.logFile = logFile;
        this.log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
        this.lines = lines;
        this.mask = mask;
    }

    /** Starts following {@code pod}'s log on a thread of its own, once; later calls do nothing. */
    synchronized void follow(PodResource pod, String what) {
        if (started || closed) {
            return;
        }
        started = true;
        Thread reader = new Thread(() -> read(pod), "gantry-log-" + what);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(PodResource pod) {
        try {
            watch = pod.inContainer(PodManifest.CONTAINER).watchLog();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    emit(mask.apply(line));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("the log stream into {} broke off", logFile, e);
            if (!isClosed()) {
                emit("[gantry] the pod's log stream broke off: " + ClusterErrors.message(e));
            }
        } finally {
            ended.countDown();
        }
    }

    /** Waits at most {@code limit} for the stream to end (it ends when the container does), then closes the log. */
    void awaitEnd(Duration limit) {
        boolean wasStarted;
        synchronized (this) {
            wasStarted = started;
        }
        if (wasStarted) {
            try {
                if (!ended.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.debug("the log stream into {} did not end within {} ms; closing it", logFile, limit.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        close();
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private synchronized void emit(String text) {
        if (closed) {
            return;
        }
        try {
            log.write(text);
            log.write('\n');
            log.flush();
        } catch (IOException e) {
            LOG.debug("cannot write to {}", logFile, e);
        }
        lines.accept(text);
    }

    private void close() {
        LogWatch w = watch;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                log.close();
            } catch (IOException e) {
                lines.accept("[gantry] cannot write the log: " + e.getMessage());
            }
        }
        if (w != null) {
            w.close();
        }
    }
}
