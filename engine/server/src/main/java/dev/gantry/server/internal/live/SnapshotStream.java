package dev.gantry.server.internal.live;

import io.javalin.http.sse.SseClient;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SSE client's view of something that changes, such as a run page: its JSON is sent at once,
 * and again whenever it differs, looked at every {@link #POLL_MS} ms (so runs of other processes
 * on the same store show too) and at once when an event of this server's engines nudges it.
 */
final class SnapshotStream {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStream.class);
    static final long POLL_MS = 1000;

    private final SseClient client;
    private final String event;
    private final Supplier<String> snapshot;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean nudged = new AtomicBoolean();
    private String last = "";
    private ScheduledFuture<?> poll;

    SnapshotStream(SseClient client, String event, Supplier<String> snapshot, ScheduledExecutorService executor) {
        this.client = client;
        this.event = event;
        this.snapshot = snapshot;
        this.executor = executor;
    }

    void start(Runnable onClose) {
        client.onClose(() -> {
            poll.cancel(false);
            onClose.run();
        });
        poll = executor.scheduleWithFixedDelay(this::send, 0, POLL_MS, TimeUnit.MILLISECONDS);
    }

    /** Looks again soon: something this stream shows may have changed. Nudges close together make one look. */
    void nudge() {
        if (nudged.compareAndSet(false, true)) {
            executor.schedule(() -> {
                nudged.set(false);
                send();
            }, 50, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void send() {
        if (client.terminated()) {
            poll.cancel(false);
            return;
        }
        try {
            String now = snapshot.get();
            if (!now.equals(last)) {
                last = now;
                client.sendEvent(event, now);
            }
        } catch (RuntimeException e) {
            LOG.debug("a live view stopped: {}", e.toString());
            client.sendEvent("error", String.valueOf(e.getMessage()));
            client.close();
            poll.cancel(false);
        }
    }
}
