package dev.gantry.server.internal.metrics;

import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.RunEvent;
import dev.gantry.engine.api.RunEventListener;
import dev.gantry.engine.schedule.FireListener;
import io.javalin.http.Context;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * {@code GET /metrics}: the server's meters in the Prometheus text format. The runs this server
 * starts and its schedules' fires are counted from their events ({@link #runs}, {@link #fires});
 * what the store holds, whoever wrote it, is read in the background ({@link StoreGauges}); and
 * the JVM's memory, threads and uptime come from Micrometer's binders.
 */
public final class ServerMetrics implements AutoCloseable {
    /** How often the store is read when none of this server's runs ended meanwhile. */
    private static final Duration STORE_READ_EVERY = Duration.ofSeconds(30);
    /** How soon after a run of this server ends the store is read again. */
    private static final Duration STORE_READ_TICK = Duration.ofSeconds(5);
    /** What {@link PrometheusMeterRegistry#scrape()} writes: the Prometheus text format 0.0.4. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RunMeters runMeters = new RunMeters(registry);
    private final FireMeters fireMeters = new FireMeters(registry);
    private final StoreGauges store;
    private final ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "metrics-store-reader");
        thread.setDaemon(true);
        return thread;
    });

    /** Meters for the store of {@code history}, whose gauges start being read at once. */
    public ServerMetrics(RunHistory history) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        store = new StoreGauges(history, registry, STORE_READ_EVERY);
        store.start(reader, STORE_READ_TICK);
    }

    /** The listener that counts the runs it hears: subscribe it to every engine of this server. */
    public RunEventListener runs() {
        return event -> {
            runMeters.on(event);
            if (event instanceof RunEvent.RunFinished) {
                store.changed();
            }
        };
    }

    /** The listener that counts the fires of this server's schedules. */
    public FireListener fires() {
        return fireMeters;
    }

    /** {@code GET /metrics}. */
    public void scrape(Context ctx) {
        ctx.contentType(CONTENT_TYPE).result(registry.scrape());
    }

    /** Stops reading the store. */
    @Override
    public void close() {
        reader.shutdownNow();
        registry.close();
    }
}
