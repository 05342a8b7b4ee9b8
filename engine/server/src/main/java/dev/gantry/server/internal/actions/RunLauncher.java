package dev.gantry.server.internal.actions;

import dev.gantry.engine.Gantry;
import dev.gantry.engine.api.RunEvent;
import dev.gantry.engine.api.RunEventListener;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunTrigger;
import dev.gantry.engine.api.StoreLocation;
import dev.gantry.spec.PipelineSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pipelines for the server, each on a thread and an engine of its own, and cancels them.
 * Every run's events go to {@code events} as well, which feeds the live view and the metrics.
 */
public final class RunLauncher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunLauncher.class);
    /** How long a start waits for its run to be planned and recorded before it answers. */
    private static final Duration START_WAIT = Duration.ofSeconds(30);

    private final StoreLocation store;
    private final RunEventListener events;
    private final Map<String, Gantry> active = new ConcurrentHashMap<>();

    public RunLauncher(StoreLocation store, RunEventListener events) {
        this.store = store;
        this.events = events;
    }

    /** What a run is made from: a pipeline file, or a recorded spec. */
    public sealed interface Source {
        /** A pipeline file, read now. */
        record File(Path path) implements Source {}

        /** A spec, such as the one a run recorded. */
        record Spec(PipelineSpec spec) implements Source {}
    }

    /**
     * Starts a run and returns its id once it is recorded; a pipeline that cannot run (invalid,
     * an unknown parameter, no executor) throws what the engine threw, and nothing is started.
     */
    public String start(Source source, RunOptions options) {
        CompletableFuture<String> started = new CompletableFuture<>();
        RunOptions withTrigger = options.withTrigger(RunTrigger.UI).withListener(event -> {
            if (event instanceof RunEvent.RunStarted s) {
                started.complete(s.runId());
            }
        });
        Gantry gantry = Gantry.open(store);
        gantry.subscribe(events);
        gantry.subscribe(event -> {
            if (event instanceof RunEvent.RunStarted s) {
                active.put(s.runId(), gantry);
            }
        });
        Thread thread = new Thread(() -> {
            try {
                if (source instanceof Source.File file) {
                    gantry.run(file.path(), withTrigger);
                } else {
                    gantry.run(((Source.Spec) source).spec(), withTrigger);
                }
            } catch (RuntimeException | Error e) {
                if (!started.completeExceptionally(e)) {
                    LOG.warn("a run started from the server failed after it started: {}", e.toString());
                }
            } finally {
                started.completeExceptionally(new IllegalStateException("the run ended before it was recorded"));
                active.values().remove(gantry);
                gantry.close();
            }
        }, "server-run");
        thread.setDaemon(false);
        thread.start();
        try {
            String runId = started.get(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            gantry.awaitRecorded();
            return runId;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the run did not start within " + START_WAIT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting a run");
        }
    }

    /** Cancels run {@code runId} when this server runs it; returns whether it does. */
    public boolean cancel(String runId) {
        Optional<Gantry> gantry = Optional.ofNullable(active.get(runId));
        gantry.ifPresent(Gantry::cancel);
        return gantry.isPresent();
    }

    /** How many runs this server has in progress. */
    public int inProgress() {
        return active.size();
    }

    /** Cancels every run in progress. */
    @Override
    public void close() {
        active.values().forEach(Gantry::cancel);
    }
}
