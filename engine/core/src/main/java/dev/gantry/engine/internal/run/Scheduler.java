package dev.gantry.engine.internal.run;

import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.api.RunEvent;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.StepFailure;
import dev.gantry.engine.api.StepResult;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.engine.internal.cache.CacheKeys;
import dev.gantry.engine.internal.plan.ExecutionPlan;
import dev.gantry.engine.internal.store.CachedOutputs;
import dev.gantry.engine.internal.store.GcLock;
import dev.gantry.engine.internal.store.DiskFull;
import dev.gantry.engine.spi.ExecutionException;
import dev.gantry.spec.FailureKind;
import dev.gantry.spec.Resources;
import dev.gantry.spec.StepSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, for one run, which step runs when. A step becomes ready when the steps before it
 * have their outputs; a ready step whose key is in the cache (with every object present)
 * completes at once without running; otherwise it starts when a slot and its resources are
 * free.
 *
 * <p>There is no scheduler thread: the decisions are made under this object's lock by
 * whichever thread has just finished a step, and that thread goes on to run the first step
 * it started itself. Only the steps it cannot run itself go to other worker threads. A chain
 * of short steps thus runs on one thread, without waking another for every step.
 */
final class Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private final RunContext run;
    private final ExecutionPlan plan;
    private final ResourcePool pool;
    private final RunOptions options;
    private final StepKeys keys;
    private final FirstAttempts firstAttempts;
    private final Map<String, Integer> position = new HashMap<>();
    private final Map<String, Integer> waitingFor = new HashMap<>();
    private final TreeSet<Integer> ready = new TreeSet<>();
    private final Map<String, StepResult> results = new HashMap<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "step-worker");
        t.setDaemon(true);
        return t;
    });
    /** Steps started and not yet finished. */
    private int running;
    private Optional<String> firstFailure = Optional.empty();
    /** What went wrong in the scheduling itself, on a worker thread, for the run's own thread to throw. */
    private RuntimeException broken;

    Scheduler(RunContext run, ExecutionPlan plan, ResourcePool pool, RunOptions options, LastRunEntries lastRun) {
        this.run = run;
        this.plan = plan;
        this.pool = pool;
        this.options = options;
        this.keys = new StepKeys(run, options.verifyCache(), lastRun);
        this.firstAttempts = new FirstAttempts(run.layout, run.runId);
        List<String> order = plan.order();
        for (int i = 0; i < order.size(); i++) {
            String step = order.get(i);
            position.put(step, i);
            waitingFor.put(step, plan.upstream(step).size());
            if (plan.upstream(step).isEmpty()) {
                ready.add(i);
            }
        }
    }

    /** Runs the plan to its end and returns each step's result, in no particular order. */
    Map<String, StepResult> execute() {
        try {
            synchronized (this) {
                startReadySteps().forEach(this::hand);
                boolean interrupted = false;
                while (running > 0 && broken == null) {
                    interrupted |= waitForSteps();
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                if (broken != null) {
                    run.cancel();
                    throw broken;
                }
                closeUnfinished();
                return results;
            }
        } finally {
            workers.shutdown();
            firstAttempts.removeUnused();
        }
    }

    /** Runs {@code work}, then every step this thread starts after it, one at a time. */
    private void workFrom(StepWork first) {
        StepWork work = first;
        while (work != null) {
            StepCompletion done = runSafely(work);
            synchronized (this) {
                try {
                    running--;
                    pool.release(done.held(), done.work().gpus());
                    finish(done);
                    List<StepWork> started = startReadySteps();
                    work = started.isEmpty() ? null : started.get(0);
                    started.stream().skip(1).forEach(this::hand);
                } catch (RuntimeException e) {
                    broken = broken == null ? e : broken;
                    work = null;
                }
                if (running == 0 || broken != null) {
                    notifyAll();
                }
            }
        }
    }

    /** Gives {@code work}, already counted as running, to a worker thread of its own. */
    private void hand(StepWork work) {
        workers.execute(() -> workFrom(work));
    }

    /** Waits for a step to end; true when interrupted, which cancels the run. */
    private boolean waitForSteps() {
        try {
            wait();
            return false;
        } catch (InterruptedException e) {
            // Cancelling is how a run is stopped; the steps still running end soon after, and are waited for.
            run.cancel();
            return true;
        }
    }

    private boolean mayStartMore() {
        return !run.isCancelled() && (firstFailure.isEmpty() || options.keepGoing());
    }

    /**
     * Completes every ready step that needs no running (cache hits, skips, failures to
     * resolve) and starts those that fit: they are returned, counted as running, for the
     * caller to run or hand on.
     */
    private List<StepWork> startReadySteps() {
        List<StepWork> started = new ArrayList<>();
        List<Integer> blocked = new ArrayList<>();
        while (!ready.isEmpty() && mayStartMore()) {
            int index = ready.pollFirst();
            String name = plan.order().get(index);
            if (!tryStart(name, started)) {
                blocked.add(index);
            }
        }
        ready.addAll(blocked);
        return started;
    }

    /**
     * Completes the step from the cache, skips it for its condition, fails it, or takes its
     * resources and adds the work of running it to {@code started}, counted as running; false
     * when its resources are not free yet.
     */
    private boolean tryStart(String name, List<StepWork> started) {
        StepKeys.Resolved resolved;
        try {
            Optional<String> skip = conditionFails(name);
            if (skip.isPresent()) {
                keys.recordUnrun(name, StepStatus.SKIPPED, skip.get(), Optional.empty());
                complete(unrun(name, StepStatus.SKIPPED, Optional.empty(), Map.of(), skip.get()));
                return true;
            }
            resolved = keys.resolve(name, results);
        } catch (RuntimeException e) {
            // An executor says what kind of failure it was; anything else is the step's own input or setting.
            FailureKind kind = e instanceof ExecutionException ee ? ee.kind() : FailureKind.COULD_NOT_START;
            LOG.debug("step '{}' of run {} could not be prepared ({})", name, run.runId, kind.yamlName(), e);
            keys.recordUnrun(name, StepStatus.FAILED, e.getMessage(), Optional.of(kind));
            complete(failedBeforeStart(name, Optional.empty(), StepFailure.beforeStart(kind, e.getMessage())));
            return true;
        }
        boolean useCache = !options.noCache() || plan.isCacheOnly(name);
        if (useCache && resolved.cacheable()) {
            // Held until the hit's record, which names its objects, is committed: garbage
            // collection keeps what that record names, and waits for this lease.
            GcLock.Held lease = run.store.gcLock().share();
            Optional<CachedOutputs> hit;
            try {
                hit = keys.lookup(name, resolved.key(), options.verifyCache());
                if (hit.isPresent()) {
                    keys.recordHit(name, resolved.key(), hit.get());
                }
            } finally {
                run.store.afterCommitted(lease::close);
            }
            if (hit.isPresent()) {
                complete(unrun(name, StepStatus.CACHED, Optional.of(resolved.key().sha256()),
                        hit.get().outputs(), "cached from run " + hit.get().runId()));
                return true;
            }
        }
        if (plan.isCacheOnly(name)) {
            String why = "is outside the selection and has no cached result; run it first, or select it";
            keys.recordMiss(name, resolved.key(), why, FailureKind.COULD_NOT_START);
            complete(failedBeforeStart(name, Optional.of(resolved.key().sha256()),
                    StepFailure.beforeStart(FailureKind.COULD_NOT_START, why)));
            return true;
        }
        Resources resources = run.pipeline.effectiveResources(run.pipeline.steps().get(name));
        Optional<List<String>> gpus = pool.tryAcquire(resources);
        if (gpus.isEmpty()) {
            return false;
        }
        started.add(new StepWork(run.pipeline.steps().get(name), resolved.key(), resolved.cacheable(),
                resolved.inputs(), resources, gpus.get(), resolved.collected(), resolved.prepared(),
                keys.expiredEntry(name)));
        running++;
        return true;
    }

    /** Why the step is skipped, when its condition is false. */
    private Optional<String> conditionFails(String name) {
        StepSpec step = run.pipeline.steps().get(name);
        if (step.when().isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> params = new HashMap<>(run.pipeline.params());
        params.putAll(CacheKeys.paramsUsed(run.pipeline, step));
        ConditionCheck.Outcome outcome = ConditionCheck.evaluate(step.when().get(), params, results);
        return outcome.holds() ? Optional.empty() : Optional.of("when: " + outcome.explanation());
    }

    private StepCompletion runSafely(StepWork work) {
        try {
            String name = work.step().name();
            return new StepRunner(run, work, firstAttempts, () -> prepareSuccessors(name), this::growMemory).call();
        } catch (RuntimeException e) {
            Instant now = Instant.now();
            // A full disk is no internal error, and its message says what to do.
            String why = DiskFull.in(e) ? e.getMessage() : "internal error: " + e;
            StepFailure failure = StepFailure.beforeStart(FailureKind.INFRASTRUCTURE, why);
            return new StepCompletion(work, work.resources(), StepStatus.FAILED, Map.of(), 0,
                    Optional.of(why), Optional.of(failure), now, now);
        }
    }

    /**
     * Gives a running step {@code extraBytes} more memory, for a retry after it ran out, once the
     * executor has them free: the step gives up nothing while it waits, so two steps that wait
     * to grow may wait on each other only until a third ends.
     */
    private Optional<String> growMemory(long extraBytes, Resources grown) {
        synchronized (this) {
            Optional<String> never = pool.neverFits(grown);
            if (never.isPresent()) {
                return Optional.of("not retried: its memory cannot grow, since it " + never.get());
            }
        }
        while (!run.isCancelled()) {
            synchronized (this) {
                if (pool.tryGrowMemory(extraBytes)) {
                    return Optional.empty();
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Optional.of("run cancelled while it waited for memory to retry in");
    }

    /**
     * While {@code name} runs, makes ahead the first attempts of the steps that only wait for
     * it, as many as may run at once: lowest in the plan's order first, as they will start.
     */
    private void prepareSuccessors(String name) {
        List<String> next = new ArrayList<>();
        synchronized (this) {
            if (!mayStartMore()) {
                return;
            }
            for (String step : plan.downstream(name)) {
                if (waitingFor.get(step) == 1 && !plan.isCacheOnly(step)) {
                    next.add(step);
                }
            }
        }
        next.sort(Comparator.comparing(position::get));
        for (int i = 0; i < Math.min(next.size(), pool.slots()); i++) {
            firstAttempts.prepare(next.get(i));
        }
    }

    private void finish(StepCompletion done) {
        String name = done.work().step().name();
        StepResult result = new StepResult(name, done.status(), Optional.of(done.work().key().sha256()),
                done.outputs(), done.attempts(), Duration.between(done.startedAt(), done.endedAt()), done.message(),
                done.failure());
        complete(result);
    }

    private void complete(StepResult result) {
        results.put(result.name(), result);
        finished(result);
        if (result.status().hasOutputs()) {
            for (String next : plan.downstream(result.name())) {
                if (waitingFor.merge(next, -1, Integer::sum) == 0) {
                    ready.add(position.get(next));
                }
            }
        } else if (result.status() == StepStatus.FAILED && firstFailure.isEmpty()) {
            firstFailure = Optional.of(result.name());
        }
    }

    /** Marks every step that never ran: skipped after a failure, cancelled after a cancel. */
    private void closeUnfinished() {
        for (String name : plan.order()) {
            if (results.containsKey(name)) {
                continue;
            }
            StepStatus status = run.isCancelled() ? StepStatus.CANCELLED : StepStatus.SKIPPED;
            String why = run.isCancelled() ? "run cancelled before it started"
                    : failedUpstream(name).map(f -> "not run: step '" + f + "' before it "
                                    + (results.get(f).status() == StepStatus.SKIPPED ? "was skipped" : "failed"))
                            .orElse("not run: the run stopped after step '" + firstFailure.orElse("?") + "' failed");
            StepResult result = unrun(name, status, Optional.empty(), Map.of(), why);
            keys.recordUnrun(name, status, why, Optional.empty());
            results.put(name, result);
            finished(result);
        }
    }

    private void finished(StepResult result) {
        run.events.publish(new RunEvent.StepFinished(run.runId, run.events.pipeline(), Instant.now(), result));
    }

    private Optional<String> failedUpstream(String name) {
        for (String up : plan.upstream(name)) {
            StepResult r = results.get(up);
            if (r == null) {
                Optional<String> deeper = failedUpstream(up);
                if (deeper.isPresent()) {
                    return deeper;
                }
            } else if (!r.status().hasOutputs()) {
                return Optional.of(up);
            }
        }
        return Optional.empty();
    }

    private static StepResult unrun(String name, StepStatus status, Optional<String> key,
            Map<String, OutputArtifact> outputs, String message) {
        return new StepResult(name, status, key, outputs, 0, Duration.ZERO, Optional.ofNullable(message),
                Optional.empty());
    }

    private static StepResult failedBeforeStart(String name, Optional<String> key, StepFailure failure) {
        return new StepResult(name, StepStatus.FAILED, key, Map.of(), 0, Duration.ZERO,
                Optional.of(failure.message()), Optional.of(failure));
    }
}
