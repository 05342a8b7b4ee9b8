package dev.gantry.engine.internal.run;

import dev.gantry.engine.api.RunEvent;
import dev.gantry.engine.internal.secret.RunSecrets;
import dev.gantry.engine.internal.store.FileDigests;
import dev.gantry.engine.internal.store.ObjectStore;
import dev.gantry.engine.internal.store.RunStore;
import dev.gantry.engine.internal.store.StoreLayout;
import dev.gantry.engine.spi.RunningStep;
import dev.gantry.engine.spi.StepExecutor;
import dev.gantry.spec.PipelineSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** What every part of one run shares: the pipeline, the store, the executor, and whether to stop. */
final class RunContext {
    final String runId;
    final PipelineSpec pipeline;
    final Path baseDir;
    final StoreLayout layout;
    final RunStore store;
    final ObjectStore objects;
    final FileDigests hostFiles;
    final StepExecutor executor;
    /** Where the run's events go. */
    final RunPublisher events;
    /** The run's secret values, read when it started. */
    final RunSecrets secrets;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Set<RunningStep> running = ConcurrentHashMap.newKeySet();

    RunContext(String runId, PipelineSpec pipeline, Path baseDir, RunStore store, StepExecutor executor,
            RunPublisher events, RunSecrets secrets) {
        this.runId = runId;
        this.pipeline = pipeline;
        this.baseDir = baseDir;
        this.layout = store.layout();
        this.store = store;
        this.objects = new ObjectStore(layout);
        this.hostFiles = FileDigests.of(layout);
        this.executor = executor;
        this.events = events;
        this.secrets = secrets;
    }

    /** Publishes a notice of this run. */
    void notice(String message) {
        events.publish(new RunEvent.Notice(runId, events.pipeline(), Instant.now(), message));
    }

    boolean isCancelled() {
        return cancelled.get();
    }

    /** Stops the run: no step starts after this, and every running one is killed. */
    void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            running.forEach(RunningStep::kill);
        }
    }

    /** Tracks a started attempt so {@link #cancel} can stop it; kills it if the run is already cancelled. */
    void track(RunningStep step) {
        running.add(step);
        if (cancelled.get()) {
            step.kill();
        }
    }

    void untrack(RunningStep step) {
        running.remove(step);
    }
}
