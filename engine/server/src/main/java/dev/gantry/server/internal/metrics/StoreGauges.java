package dev.gantry.server.internal.metrics;

import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.RunFilter;
import dev.gantry.engine.api.RunStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the store holds, whichever process put it there: the size of its objects and its runs by
 * status. Both are read in the background, never while a scrape waits: walking the objects
 * takes as long as the store is big. They are read every {@code every}, and sooner (at most one
 * {@code tick} later) after a run of this server ends, since that is when the store grows.
 */
final class StoreGauges {
    private static final Logger LOG = LoggerFactory.getLogger(StoreGauges.class);

    private final RunHistory history;
    private final Path objects;
    private final Duration every;
    private final AtomicLong objectBytes = new AtomicLong();
    private final Map<RunStatus, AtomicLong> runs = new EnumMap<>(RunStatus.class);
    private final AtomicBoolean changed = new AtomicBoolean(true);
    private volatile long lastRead = Long.MIN_VALUE;

    StoreGauges(RunHistory history, MeterRegistry registry, Duration every) {
        this.history = history;
        this.objects = history.storeDir().resolve("objects");
        this.every = every;
        Gauge.builder("gantry.store.objects.size", objectBytes, AtomicLong::get).baseUnit("bytes")
                .description("Bytes of the store's objects (its artifacts), whichever process committed them; read in"
                        + " the background, so up to " + every.toSeconds() + " s old")
                .register(registry);
        for (RunStatus status : RunStatus.values()) {
            AtomicLong count = new AtomicLong();
            runs.put(status, count);
            Gauge.builder("gantry.store.runs", count, AtomicLong::get)
                    .description("Runs recorded in the store by status, made by any process (CLI, schedulers, this"
                            + " server); read in the background, so up to " + every.toSeconds() + " s old")
                    .tag("status", status.label()).register(registry);
        }
    }

    /** Tells that the store changed (a run ended), so that it is read at the next tick. */
    void changed() {
        changed.set(true);
    }

    /** Reads the store on {@code executor} every {@code tick}, when it changed or it is {@code every} since the last read. */
    void start(ScheduledExecutorService executor, Duration tick) {
        executor.scheduleWithFixedDelay(this::readIfDue, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void readIfDue() {
        long now = System.nanoTime();
        if (!changed.getAndSet(false) && lastRead != Long.MIN_VALUE && now - lastRead < every.toNanos()) {
            return;
        }
        lastRead = now;
        try {
            objectBytes.set(DirectorySize.of(objects));
            for (Map.Entry<RunStatus, AtomicLong> count : runs.entrySet()) {
                count.getValue().set(history.count(RunFilter.newest(1).withStatus(count.getKey())));
            }
        } catch (IOException | RuntimeException e) {
            // The gauges keep their last values; the next read tries again.
            LOG.warn("cannot read the store {} for /metrics: {}", history.storeDir(), e.toString());
        }
    }
}
