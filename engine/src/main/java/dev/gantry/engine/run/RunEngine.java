package dev.gantry.engine.run;

import dev.gantry.engine.OutputArtifact;
import dev.gantry.engine.RunOptions;
import dev.gantry.engine.RunResult;
import dev.gantry.engine.RunStatus;
import dev.gantry.engine.StepResult;
import dev.gantry.engine.StepStatus;
import dev.gantry.engine.exec.StepExecutor;
import dev.gantry.engine.plan.ExecutionPlan;
import dev.gantry.engine.plan.PlanException;
import dev.gantry.engine.plan.Planner;
import dev.gantry.engine.store.RunStore;
import dev.gantry.engine.store.StoredRun;
import dev.gantry.engine.cache.CacheKeys;
import dev.gantry.spec.Matrices;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import dev.gantry.spec.Resources;
import dev.gantry.yaml.PipelineYaml;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Runs a pipeline. One scheduler thread owns all decisions: a step becomes ready when the
 * steps before it have their outputs; a ready step whose key is in the cache (with every
 * object present) completes at once without running; otherwise it starts on a worker thread
 * when a slot and its resources are free. Workers report back through a queue, so the
 * scheduler never polls and a finished step's successors start immediately.
 */
public final class RunEngine {
    private final RunStore store;
    private final StepExecutor executor;
    private volatile RunContext current;

    public RunEngine(RunStore store, StepExecutor executor) {
        this.store = store;
        this.executor = executor;
    }

    /** This machine's name, as recorded with each run. */
    public static String hostname() {
        return Hostname.get();
    }

    /** Stops the run in progress, if any: running steps are killed and the run ends cancelled. */
    public void cancel() {
        RunContext run = current;
        if (run != null) {
            run.cancel();
        }
    }

    /**
     * Runs {@code pipeline} (already valid) with {@code options}.
     *
     * @throws PlanException when the selection names an unknown step, or a step can never
     *     fit this machine
     */
    public RunResult run(PipelineSpec pipeline, RunOptions options) {
        PipelineSpec declared;
        try {
            declared = pipeline.withParams(options.params());
        } catch (IllegalArgumentException e) {
            throw new PlanException(e.getMessage());
        }
        // The run records the pipeline as declared, so a rerun expands its matrices again.
        PipelineSpec spec = Matrices.expand(declared);
        ExecutionPlan plan = Planner.plan(spec, options.selection());
        ResourcePool pool = poolFor(spec, plan, options.parallel());
        Path baseDir = options.baseDir().orElse(Path.of("").toAbsolutePath());
        String runId = RunIds.next();
        Instant started = Instant.now();
        store.createRun(runId, () -> new StoredRun(runId, spec.name(), RunStatus.RUNNING, started, Optional.empty(),
                PipelineYaml.write(declared), options.pipelineFile().map(Path::toString), baseDir.toString(),
                options.parentRun(), ProcessHandle.current().pid(), Hostname.get()), plan.order());
        RunContext run = new RunContext(runId, spec, baseDir, store, executor, options.listener());
        current = run;
        try {
            Files.createDirectories(run.layout.runDir(runId));
            options.listener().runStarted(runId, spec.name(), plan.order());
            Map<String, Map<String, String>> trials = new java.util.LinkedHashMap<>();
            plan.order().forEach(step -> spec.steps().get(step).matrix().binding()
                    .ifPresent(values -> trials.put(step, values)));
            if (!trials.isEmpty()) {
                options.listener().trialsPlanned(trials);
            }
            Map<String, StepResult> results = new Scheduler(run, plan, pool, options).execute();
            List<StepResult> ordered = new ArrayList<>();
            plan.order().forEach(s -> ordered.add(results.get(s)));
            // Steps skipped by their condition do not fail a run; steps skipped after a failure follow one.
            RunStatus status = run.isCancelled() ? RunStatus.CANCELLED
                    : ordered.stream().anyMatch(r -> r.status() == StepStatus.FAILED) ? RunStatus.FAILED
                    : RunStatus.SUCCEEDED;
            Instant ended = Instant.now();
            store.finishRun(runId, status, ended);
            RunResult result = new RunResult(runId, spec.name(), status, ordered, Duration.between(started, ended),
                    run.layout.runDir(runId));
            options.listener().runFinished(result);
            return result;
        } catch (IOException e) {
            store.finishRun(runId, RunStatus.FAILED, Instant.now());
            throw new PlanException("cannot create the run directory: " + e.getMessage());
        } finally {
            current = null;
        }
    }

    private static ResourcePool poolFor(PipelineSpec spec, ExecutionPlan plan, int parallel) {
        boolean wantsGpus = plan.order().stream()
                .anyMatch(s -> spec.effectiveResources(spec.steps().get(s)).gpus().orElse(0) > 0);
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        ResourcePool pool = new ResourcePool(parallel, Runtime.getRuntime().availableProcessors(), memory,
                wantsGpus ? GpuInventory.discover() : List.of());
        List<String> problems = new ArrayList<>();
        for (String name : plan.order()) {
            pool.neverFits(spec.effectiveResources(spec.steps().get(name)))
                    .ifPresent(why -> problems.add("step '" + name + "' " + why));
        }
        if (!problems.isEmpty()) {
            throw new PlanException(String.join("\n", problems));
        }
        return pool;
    }

    /** The scheduler loop of one run. */
    private static final class Scheduler {
        private final RunContext run;
        private final ExecutionPlan plan;
        private final ResourcePool pool;
        private final RunOptions options;
        private final StepKeys keys;
        private final Map<String, Integer> position = new HashMap<>();
        private final Map<String, Integer> waitingFor = new HashMap<>();
        private final TreeSet<Integer> ready = new TreeSet<>();
        private final Map<String, StepResult> results = new HashMap<>();
        private final BlockingQueue<StepCompletion> completions = new LinkedBlockingQueue<>();
        private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "step-worker");
            t.setDaemon(true);
            return t;
        });
        private int running;
        private Optional<String> firstFailure = Optional.empty();

        Scheduler(RunContext run, ExecutionPlan plan, ResourcePool pool, RunOptions options) {
            this.run = run;
            this.plan = plan;
            this.pool = pool;
            this.options = options;
            this.keys = new StepKeys(run);
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

        Map<String, StepResult> execute() {
            try {
                while (true) {
                    if (mayStartMore()) {
                        startReadySteps();
                    }
                    if (running == 0) {
                        break;
                    }
                    StepCompletion done = completions.take();
                    running--;
                    pool.release(done.work().resources(), done.work().gpus());
                    finish(done);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                run.cancel();
            } finally {
                workers.shutdownNow();
            }
            closeUnfinished();
            return results;
        }

        private boolean mayStartMore() {
            return !run.isCancelled() && (firstFailure.isEmpty() || options.keepGoing());
        }

        private void startReadySteps() {
            List<Integer> blocked = new ArrayList<>();
            while (!ready.isEmpty() && mayStartMore()) {
                int index = ready.pollFirst();
                String name = plan.order().get(index);
                if (!tryStart(name)) {
                    blocked.add(index);
                }
            }
            ready.addAll(blocked);
        }

        /**
         * Completes the step from the cache, skips it for its condition, or starts it; false when
         * its resources are not free yet.
         */
        private boolean tryStart(String name) {
            StepKeys.Resolved resolved;
            try {
                Optional<String> skip = conditionFails(name);
                if (skip.isPresent()) {
                    keys.recordUnrun(name, StepStatus.SKIPPED, skip.get());
                    complete(unrun(name, StepStatus.SKIPPED, Optional.empty(), Map.of(), skip.get()), List.of(),
                            Optional.empty());
                    return true;
                }
                resolved = keys.resolve(name, results);
            } catch (RuntimeException e) {
                keys.recordUnrun(name, StepStatus.FAILED, e.getMessage());
                complete(unrun(name, StepStatus.FAILED, Optional.empty(), Map.of(), e.getMessage()), List.of(),
                        Optional.empty());
                return true;
            }
            boolean useCache = !options.noCache() || plan.isCacheOnly(name);
            if (useCache && resolved.cacheable()) {
                Optional<CachedOutputs> hit = keys.lookup(resolved.key(), options.verifyCache());
                if (hit.isPresent()) {
                    keys.recordHit(name, resolved.key(), hit.get());
                    complete(unrun(name, StepStatus.CACHED, Optional.of(resolved.key().sha256()),
                            hit.get().outputs(), "cached from run " + hit.get().runId()), List.of(), Optional.empty());
                    return true;
                }
            }
            if (plan.isCacheOnly(name)) {
                String why = "is outside the selection and has no cached result; run it first, or select it";
                keys.recordMiss(name, resolved.key(), why);
                complete(unrun(name, StepStatus.FAILED, Optional.of(resolved.key().sha256()), Map.of(), why),
                        List.of(), Optional.empty());
                return true;
            }
            Resources resources = run.pipeline.effectiveResources(run.pipeline.steps().get(name));
            Optional<List<String>> gpus = pool.tryAcquire(resources);
            if (gpus.isEmpty()) {
                return false;
            }
            StepWork work = new StepWork(run.pipeline.steps().get(name), resolved.key(), resolved.cacheable(),
                    resolved.inputs(), resources, gpus.get(), resolved.collected());
            running++;
            workers.execute(() -> completions.add(runSafely(work)));
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
                return new StepRunner(run, work).call();
            } catch (RuntimeException e) {
                Instant now = Instant.now();
                return new StepCompletion(work, StepStatus.FAILED, Map.of(), 0,
                        Optional.of("internal error: " + e), List.of(), Optional.empty(), now, now);
            }
        }

        private void finish(StepCompletion done) {
            String name = done.work().step().name();
            StepResult result = new StepResult(name, done.status(), Optional.of(done.work().key().sha256()),
                    done.outputs(), done.attempts(), Duration.between(done.startedAt(), done.endedAt()), done.message());
            complete(result, done.logTail(), done.log());
        }

        private void complete(StepResult result, List<String> logTail, Optional<Path> log) {
            results.put(result.name(), result);
            run.listener.stepFinished(result, logTail, log);
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
                keys.recordUnrun(name, status, why);
                results.put(name, result);
                run.listener.stepFinished(result, List.of(), Optional.empty());
            }
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
            return new StepResult(name, status, key, outputs, 0, Duration.ZERO, Optional.ofNullable(message));
        }
    }
}
