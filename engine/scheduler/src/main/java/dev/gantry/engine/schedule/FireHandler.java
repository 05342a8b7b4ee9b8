package dev.gantry.engine.schedule;

import dev.gantry.engine.Gantry;
import dev.gantry.engine.api.RunEvent;
import dev.gantry.engine.api.RunEvents;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunTrigger;
import dev.gantry.engine.api.StoreLocation;
import dev.gantry.engine.internal.store.RunStore;
import dev.gantry.spec.ScheduleSpec;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a schedule fires: the fire is claimed in the run store (so of several
 * schedulers sharing it, exactly one runs it), the overlap policy is applied against this
 * pipeline's previous run, and the pipeline runs with the schedule's parameters.
 *
 * <p>Each fire runs on a {@link Gantry} of its own, so that a store connection or an executor
 * that broke during one run does not outlive it, and fires of different pipelines run at once.
 * Every such engine relays its events to the scheduler's {@link RunEvents}, so that a listener
 * subscribed there hears every run the scheduler starts.
 */
final class FireHandler {
    private static final Logger LOG = LoggerFactory.getLogger(FireHandler.class);
    private final StoreLocation location;
    private final RunStore store;
    private final SchedulerLog log;
    private final RunEvents events;
    private final String identity;
    private final FireListeners outcomes;
    private final Map<String, ReentrantLock> runningBySchedule = new ConcurrentHashMap<>();
    private final Set<Gantry> active = ConcurrentHashMap.newKeySet();

    /**
     * @param events where the events of every run go
     * @param outcomes who hears what became of each fire
     */
    FireHandler(StoreLocation location, RunStore store, SchedulerLog log, RunEvents events, String identity,
            FireListeners outcomes) {
        this.location = location;
        this.store = store;
        this.log = log;
        this.events = events;
        this.identity = identity;
        this.outcomes = outcomes;
    }

    /** Handles fire {@code fireTime} of {@code pipeline}; {@code kind} is {@code scheduled} or {@code catch-up}. */
    void fire(ScheduledPipeline pipeline, Instant fireTime, String kind) {
        String name = pipeline.name();
        LOG.debug("the {} fire of '{}' at {} came; claiming it as {}", kind, name, fireTime, identity);
        if (!store.fires().claimFire(name, fireTime, kind, identity)) {
            log.info(name + ": fire at " + fireTime + " was taken by another scheduler");
            outcomes.tell(name, fireTime, FireOutcome.Kind.TAKEN_ELSEWHERE);
            return;
        }
        ReentrantLock lock = runningBySchedule.computeIfAbsent(name, k -> new ReentrantLock(true));
        if (pipeline.schedule().overlap() == ScheduleSpec.Overlap.SKIP && !lock.tryLock()) {
            log.info(name + ": skipped the " + kind + " fire at " + fireTime
                    + ": its previous run is still running (overlap: skip)");
            store.fires().recordFireOutcome(name, fireTime, "skipped", Optional.empty());
            outcomes.tell(name, fireTime, FireOutcome.Kind.SKIPPED_OVERLAP);
            return;
        }
        if (!lock.isHeldByCurrentThread()) {
            if (lock.isLocked()) {
                log.info(name + ": queued the " + kind + " fire at " + fireTime + " behind its running run (overlap: queue)");
            }
            lock.lock();
        }
        try {
            run(pipeline, fireTime, kind);
        } finally {
            lock.unlock();
        }
    }

    private void run(ScheduledPipeline pipeline, Instant fireTime, String kind) {
        String name = pipeline.name();
        RunOptions options = RunOptions.defaults().withTrigger(RunTrigger.SCHEDULE)
                .withBaseDir(pipeline.file().getParent())
                .withPipelineFile(pipeline.file());
        for (Map.Entry<String, String> p : pipeline.schedule().params().entrySet()) {
            options = options.withParam(p.getKey(), p.getValue());
        }
        try (Gantry gantry = Gantry.open(location)) {
            // The engine is this fire's alone, so the relay ends with it.
            gantry.subscribe(events::publish);
            active.add(gantry);
            try {
                runWith(gantry, pipeline, fireTime, kind, options);
            } finally {
                active.remove(gantry);
            }
        } catch (RuntimeException e) {
            log.info(name + ": the " + kind + " fire at " + fireTime + " could not run: " + e.getMessage());
            LOG.debug("the {} fire of '{}' at {} failed", kind, name, fireTime, e);
            store.fires().recordFireOutcome(name, fireTime, "failed", Optional.empty());
            outcomes.tell(name, fireTime, FireOutcome.Kind.FAILED);
        }
    }

    private void runWith(Gantry gantry, ScheduledPipeline pipeline, Instant fireTime, String kind, RunOptions options) {
        String name = pipeline.name();
        // The run's own listener, heard before the scheduler's: what it throws fails the fire.
        gantry.run(pipeline.spec(), options.withListener(event -> {
            if (event instanceof RunEvent.RunStarted started) {
                // The fire names the run only once the run is in the store, so a scheduler
                // killed in between never leaves a fire pointing to a run that was never recorded.
                gantry.awaitRecorded();
                store.fires().recordFireOutcome(name, fireTime, "started", Optional.of(started.runId()));
                log.info(name + ": " + kind + " fire at " + fireTime + " started run " + started.runId());
                outcomes.tell(name, fireTime, FireOutcome.Kind.STARTED);
            }
        }));
    }

    /** Cancels every run in progress; each ends recorded as cancelled. */
    void cancelAll() {
        active.forEach(Gantry::cancel);
    }
}
