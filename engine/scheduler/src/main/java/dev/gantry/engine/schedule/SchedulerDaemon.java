package dev.gantry.engine.schedule;

import dev.gantry.engine.Gantry;
import dev.gantry.engine.api.GcReport;
import dev.gantry.engine.api.RetentionPolicy;
import dev.gantry.engine.api.RunEventListener;
import dev.gantry.engine.api.RunEvents;
import dev.gantry.engine.api.StoreLocation;
import dev.gantry.engine.internal.store.RunStore;
import dev.gantry.engine.internal.store.ScheduleFire;
import dev.gantry.engine.spi.EngineHost;
import dev.gantry.settings.SettingsFile;
import dev.gantry.spec.ScheduleSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running scheduler: fires each scheduled pipeline at its times with Quartz, picks up
 * added, changed and removed pipeline files without a restart, catches up on fires missed
 * while it was down (once, or not at all, as each schedule says), and stops cleanly.
 *
 * <p>A listener {@linkplain #subscribe subscribed} to it hears every run it starts; its own log
 * is one such listener ({@link ScheduledRunLog}). A {@link FireListener} {@linkplain
 * #onFires added} to it hears what became of each fire: a run started, an overlap skipped, a
 * misfire skipped or caught up, a fire that failed or that another scheduler took.
 */
public final class SchedulerDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerDaemon.class);
    /** What happens to runs in progress when the scheduler stops. */
    public enum OnStop { FINISH, CANCEL }

    private static final String GROUP = ScheduleTriggers.GROUP;
    private static final String FINGERPRINT = ScheduleTriggers.FINGERPRINT;
    /** When the {@code retention:} setting is applied: every day at 04:00, the daemon's local time. */
    static final String RETENTION_CRON = "0 0 4 * * ?";
    private static final String RETENTION_JOB = "retention";
    private static final String MAINTENANCE = "gantry-maintenance";

    private final List<Path> roots;
    private final StoreLocation location;
    private final Optional<RetentionPolicy> retention;
    private final Duration pollInterval;
    private final OnStop onStop;
    private final SchedulerLog log;
    private final RunStore store;
    private final RunEvents events = new RunEvents();
    private final FireListeners outcomes = new FireListeners();
    private final FireHandler handler;
    private final Scheduler quartz;
    private final boolean clustered;
    private final Map<String, ScheduledPipeline> scheduled = new ConcurrentHashMap<>();
    /** The fingerprint of each scheduled pipeline's triggers, as last given to Quartz. */
    private final Map<String, String> fingerprints = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastFires = new ConcurrentHashMap<>();
    private final PipelineScanner scanner = new PipelineScanner();
    private final Map<String, String> reportedProblems = new HashMap<>();
    private Thread watcher;

    /**
     * @param store the store the pipelines run against
     * @param roots pipeline files and directories to watch
     * @param pollInterval how often the files are checked for changes
     * @param onStop whether runs in progress finish or are cancelled when the scheduler stops
     */
    public SchedulerDaemon(StoreLocation store, List<Path> roots, Duration pollInterval, OnStop onStop,
            SchedulerLog log) {
        this.roots = List.copyOf(roots);
        this.location = store;
        this.retention = SettingsFile.forStore(store.dir()).retention()
                .map(r -> new RetentionPolicy(r.keepLast(), r.olderThan(), r.registries()));
        this.pollInterval = pollInterval;
        this.onStop = onStop;
        this.log = log;
        this.store = RunStore.open(store);
        String identity = EngineHost.name() + ":" + ProcessHandle.current().pid();
        events.subscribe(new ScheduledRunLog(log));
        this.handler = new FireHandler(store, this.store, log, events, identity, outcomes);
        this.clustered = QuartzSchedulers.isClustered(store);
        try {
            this.quartz = QuartzSchedulers.create(store, identity);
            quartz.getContext().put(PipelineFireJob.DAEMON, this);
            quartz.getListenerManager().addTriggerListener(new QuartzMisfires(outcomes));
        } catch (SchedulerException e) {
            this.store.close();
            throw new IllegalStateException("cannot start Quartz: " + e.getMessage(), e);
        }
    }

    /** Schedules every pipeline found, catches up on missed fires, and starts watching the files. */
    public void start() {
        reload();
        retention.ifPresent(policy -> scheduleRetention());
        try {
            quartz.start();
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start Quartz: " + e.getMessage(), e);
        }
        watcher = new Thread(this::watch, "pipeline-watcher");
        watcher.setDaemon(true);
        watcher.start();
        log.info("scheduler started: " + scheduled.size() + " scheduled pipeline(s); watching " + roots
                + " every " + pollInterval.toMillis() + " ms");
    }

    /**
     * Starts telling {@code listener} every event of every run this scheduler starts from now on
     * (subscribe before {@link #start} to hear them all), until the subscription is closed. It is
     * called from several threads at once: fires of different pipelines run at the same time.
     */
    public RunEvents.Subscription subscribe(RunEventListener listener) {
        return events.subscribe(listener);
    }

    /**
     * Tells {@code listener} what becomes of every fire from now on (add it before {@link #start}
     * to hear them all). It is called from several threads at once.
     */
    public void onFires(FireListener listener) {
        outcomes.add(Objects.requireNonNull(listener, "listener"));
    }

    /** The pipelines scheduled now, by name. */
    public Map<String, ScheduledPipeline> scheduled() {
        return Map.copyOf(scheduled);
    }

    /** Schedules the daily collection of the {@code retention:} setting. */
    private void scheduleRetention() {
        JobDetail job = JobBuilder.newJob(RetentionJob.class).withIdentity(RETENTION_JOB, MAINTENANCE).storeDurably()
                .build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(RETENTION_JOB, MAINTENANCE).forJob(job)
                .withSchedule(CronScheduleBuilder.cronSchedule(RETENTION_CRON).withMisfireHandlingInstructionDoNothing())
                .build();
        try {
            quartz.scheduleJob(job, java.util.Set.of(trigger), true);
        } catch (SchedulerException e) {
            log.info("retention: cannot schedule the daily garbage collection: " + e.getMessage());
            return;
        }
        log.info("retention: garbage collection every day at 04:00, next " + trigger.getFireTimeAfter(new Date())
                .toInstant());
    }

    /**
     * Collects garbage by the {@code retention:} setting, as the daily job does, and logs what it
     * freed; does nothing without the setting. A failure is logged: the next day tries again.
     */
    void collectGarbage() {
        if (retention.isEmpty()) {
            return;
        }
        try (Gantry gantry = Gantry.open(location)) {
            GcReport report = gantry.collectGarbage(retention.get(), false);
            log.info("retention: removed " + report.runsRemoved().size() + " run(s), " + report.cacheEntriesRemoved()
                    + " cache entries and " + report.objectsRemoved() + " object(s), " + report.bytesFreed()
                    + " bytes freed; kept " + report.objectsKept() + " object(s)");
        } catch (RuntimeException e) {
            log.info("retention: garbage collection failed: " + e.getMessage());
            LOG.debug("garbage collection failed", e);
        }
    }

    void fired(String name, Instant fireTime) {
        ScheduledPipeline pipeline = scheduled.get(name);
        // Two triggers of one schedule fire together on a day both its day fields name: one fire.
        if (pipeline != null && !fireTime.equals(lastFires.put(name, fireTime))) {
            handler.fire(pipeline, fireTime, "scheduled");
        }
    }

    private void watch() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(pollInterval.toMillis());
                reload();
            } catch (InterruptedException e) {
                LOG.debug("the watcher of {} stops", roots);
                return;
            } catch (RuntimeException e) {
                log.info("could not reload the pipeline files: " + e.getMessage());
                LOG.debug("reloading the pipeline files failed", e);
            }
        }
    }

    /** Brings the Quartz jobs in line with the files: new ones scheduled, changed ones replaced, gone ones removed. */
    synchronized void reload() {
        PipelineScanner.Scan scan = scanner.scan(roots);
        for (String problem : scan.problems()) {
            if (reportedProblems.put(problem, problem) == null) {
                log.info("ignored: " + problem.replace("\n", "\n  "));
            }
        }
        for (String name : List.copyOf(scheduled.keySet())) {
            if (!scan.pipelines().containsKey(name) && !stillThereButInvalid(name, scan)) {
                unschedule(name);
                log.info(name + ": unscheduled (its file is gone or no longer has a schedule)");
            }
        }
        scan.pipelines().forEach((name, pipeline) -> {
            ScheduledPipeline old = scheduled.get(name);
            if (old == null || !old.contentHash().equals(pipeline.contentHash()) || (clustered && isGone(name))) {
                schedule(pipeline, old == null);
            } else if (!new ScheduleTriggers(name, pipeline.schedule(), Instant.now(), clustered).fingerprint()
                    .equals(fingerprints.get(name))) {
                // A gap fire has passed, or a new one comes within the horizon.
                schedule(pipeline, false);
            }
        });
    }

    /** A file that now fails validation keeps its last good schedule, so a typo does not stop production runs. */
    private boolean stillThereButInvalid(String name, PipelineScanner.Scan scan) {
        ScheduledPipeline old = scheduled.get(name);
        String file = old.file().toString();
        return scan.problems().stream().anyMatch(p -> p.startsWith(file + ":"));
    }

    private void schedule(ScheduledPipeline pipeline, boolean isNew) {
        String name = pipeline.name();
        ScheduleSpec schedule = pipeline.schedule();
        ScheduleTriggers triggers = new ScheduleTriggers(name, schedule, Instant.now(), clustered);
        JobDetail job = JobBuilder.newJob(PipelineFireJob.class).withIdentity(name, GROUP).storeDurably().build();
        try {
            Trigger existing = quartz.getTrigger(new TriggerKey(name, GROUP));
            if (existing == null || !triggers.fingerprint().equals(existing.getJobDataMap().getString(FINGERPRINT))) {
                quartz.scheduleJob(job, java.util.Set.copyOf(triggers.build(job)), true);
            }
        } catch (SchedulerException e) {
            log.info(name + ": cannot schedule: " + e.getMessage());
            LOG.debug("scheduling '{}' from {} failed", name, pipeline.file(), e);
            return;
        }
        scheduled.put(name, pipeline);
        fingerprints.put(name, triggers.fingerprint());
        List<Instant> next = new CronClock(schedule).next(Instant.now(), 1);
        log.info(name + ": " + (isNew ? "scheduled" : "rescheduled (file changed)") + " from " + pipeline.file()
                + ", cron '" + schedule.cron() + "' " + schedule.timezone().getId()
                + (next.isEmpty() ? "" : ", next fire " + next.get(0)));
        if (isNew && !clustered) {
            catchUp(pipeline);
        }
    }

    /** Fires once now for fires missed since the last one recorded, if the schedule says so. */
    private void catchUp(ScheduledPipeline pipeline) {
        String name = pipeline.name();
        Optional<Instant> last = store.fires().of(name).stream().map(ScheduleFire::fireTime).max(Instant::compareTo);
        if (last.isEmpty()) {
            return;
        }
        Optional<Instant> missed = new CronClock(pipeline.schedule()).latestMissed(last.get(), Instant.now().minusSeconds(1));
        if (missed.isEmpty()) {
            return;
        }
        if (pipeline.schedule().misfire() == ScheduleSpec.Misfire.SKIP) {
            log.info(name + ": missed fires since " + last.get() + " while no scheduler ran; none caught up (misfire: skip)");
            outcomes.tell(name, missed.get(), FireOutcome.Kind.MISFIRE_SKIPPED);
            return;
        }
        log.info(name + ": missed fires since " + last.get() + " while no scheduler ran; catching up once (misfire: run-once)");
        outcomes.tell(name, missed.get(), FireOutcome.Kind.MISFIRE_CAUGHT_UP);
        LOG.debug("catching up on the fire of '{}' at {} on a thread of its own", name, missed.get());
        Thread catchUp = new Thread(() -> handler.fire(pipeline, missed.get(), "catch-up"), "catch-up-" + name);
        catchUp.setDaemon(true);
        catchUp.start();
    }

    /** Whether another scheduler of the cluster removed the job, although this one still has its file. */
    private boolean isGone(String name) {
        try {
            return !quartz.checkExists(new JobKey(name, GROUP));
        } catch (SchedulerException e) {
            // Asked again at the next look at the files.
            LOG.debug("cannot tell whether the job of '{}' is still scheduled: {}", name, e.toString());
            return false;
        }
    }

    private void unschedule(String name) {
        try {
            quartz.deleteJob(new JobKey(name, GROUP));
        } catch (SchedulerException e) {
            log.info(name + ": cannot unschedule: " + e.getMessage());
            LOG.debug("unscheduling '{}' failed", name, e);
        }
        scheduled.remove(name);
        fingerprints.remove(name);
    }

    /** Stops firing; runs in progress finish or are cancelled, as the daemon was told. */
    @Override
    public void close() {
        if (watcher != null) {
            watcher.interrupt();
        }
        log.info("scheduler stopping; runs in progress will " + (onStop == OnStop.FINISH ? "finish" : "be cancelled"));
        if (onStop == OnStop.CANCEL) {
            handler.cancelAll();
        }
        try {
            quartz.shutdown(true);
        } catch (SchedulerException e) {
            log.info("Quartz did not stop cleanly: " + e.getMessage());
            LOG.debug("stopping Quartz failed", e);
        }
        store.close();
        log.info("scheduler stopped");
    }
}
