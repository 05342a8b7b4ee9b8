package dev.gantry.engine.internal.run;

import dev.gantry.engine.api.PlanException;
import dev.gantry.engine.api.RunEvent;
import dev.gantry.engine.api.RunEvents;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunRecord;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.StepResult;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.engine.api.StoreException;
import dev.gantry.engine.internal.local.ProcessIdentity;
import dev.gantry.engine.internal.plan.ExecutionPlan;
import dev.gantry.engine.internal.plan.Planner;
import dev.gantry.engine.internal.secret.RunSecrets;
import dev.gantry.engine.internal.store.DiskFull;
import dev.gantry.engine.internal.store.RunStore;
import dev.gantry.engine.spi.EngineHost;
import dev.gantry.engine.spi.StepExecutor;
import dev.gantry.spec.Matrices;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.Resources;
import dev.gantry.validation.SourceMap;
import dev.gantry.validation.UnsafeChecks;
import dev.gantry.yaml.PipelineYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a pipeline: expands its matrices, plans the steps to run, records the run, and hands
 * the plan to a {@link Scheduler}.
 */
public final class RunEngine {
    private final RunStore store;
    private final StepExecutor executor;
    private volatile RunContext current;

    public RunEngine(RunStore store, StepExecutor executor) {
        this.store = store;
        this.executor = executor;
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
        return run(pipeline, options, Optional.empty(),
                RunPublisher.forNewRun(pipeline.name(), options.listener(), new RunEvents()));
    }

    /**
     * Runs {@code pipeline}, which was read from {@code yaml}: the run records that text as its
     * spec when no parameter is overridden, instead of writing the pipeline out again, which for
     * a large pipeline costs the run about a tenth of a second of CPU. The run takes its id from
     * {@code events}, and tells them what it does.
     *
     * @throws PlanException when the selection names an unknown step, or a step can never
     *     fit this machine
     */
    public RunResult run(PipelineSpec pipeline, RunOptions options, Optional<String> yaml, RunPublisher events) {
        // Secret parameters' values stay out of the spec: the run gets them, the record never does.
        Map<String, String> plainParams = new java.util.LinkedHashMap<>();
        Map<String, String> secretParams = new java.util.LinkedHashMap<>();
        options.params().forEach((k, v) -> (pipeline.isSecretParam(k) ? secretParams : plainParams).put(k, v));
        PipelineSpec declared;
        try {
            declared = pipeline.withParams(plainParams);
        } catch (IllegalArgumentException e) {
            throw new PlanException(e.getMessage());
        }
        String runId = events.runId();
        String name = events.pipeline();
        // Every opt-in to an unsafe container setting is said aloud at every run, so none goes unseen.
        UnsafeChecks.warnings(declared, SourceMap.NONE).forEach(w -> events.publish(
                new RunEvent.Warning(runId, name, Instant.now(), w.message())));
        // A step still running from an engine that died would run twice if its run were resumed.
        CrashedRuns.settleAll(store).forEach(notice -> events.publish(
                new RunEvent.Notice(runId, name, Instant.now(), notice)));
        LastRunEntries lastRun = options.noCache() ? LastRunEntries.none()
                : LastRunEntries.read(store, declared.name(), runId);
        // The run records the pipeline as declared, so a rerun expands its matrices again.
        PipelineSpec spec = Matrices.expand(declared);
        ExecutionPlan plan = Planner.plan(spec, options.selection());
        ResourcePool pool = poolFor(spec, plan, options.parallel().orElseGet(executor::defaultParallel), executor);
        Path baseDir = options.baseDir().orElse(Path.of("").toAbsolutePath());
        RunSecrets secrets = RunSecrets.resolve(spec, plan.order(), secretParams, baseDir, System.getenv(),
                executor.givesSecretFiles(), executor.name());
        RunContext run = new RunContext(runId, spec, baseDir, store, executor, events, secrets);
        if (plan.order().stream().anyMatch(plan::isCacheOnly)) {
            SelectionCheck.requireCachedUpstream(run, plan, options.selection(), lastRun);
        }
        Instant started = Instant.now();
        store.records().createRun(runId, () -> new RunRecord(runId, spec.name(), RunStatus.RUNNING, started, Optional.empty(),
                specYaml(declared, plainParams, yaml), options.pipelineFile().map(Path::toString), baseDir.toString(),
                options.parentRun(), ProcessHandle.current().pid(), EngineHost.name(),
                ProcessIdentity.current().startTicks(), options.trigger(), Optional.of(executor.name())), plan.order());
        current = run;
        try {
            Files.createDirectories(run.layout.runDir(runId));
            events.publish(new RunEvent.RunStarted(runId, name, Instant.now(), plan.order()));
            Map<String, Map<String, String>> trials = new java.util.LinkedHashMap<>();
            plan.order().forEach(step -> spec.steps().get(step).matrix().binding()
                    .ifPresent(values -> trials.put(step, values)));
            if (!trials.isEmpty()) {
                events.publish(new RunEvent.TrialsPlanned(runId, name, Instant.now(), trials));
            }
            Map<String, StepResult> results = new Scheduler(run, plan, pool, options, lastRun).execute();
            List<StepResult> ordered = new ArrayList<>();
            for (String step : plan.order()) {
                ordered.add(results.get(step));
            }
            // Steps skipped by their condition do not fail a run; steps skipped after a failure follow one.
            RunStatus status = run.isCancelled() ? RunStatus.CANCELLED
                    : ordered.stream().anyMatch(r -> r.status() == StepStatus.FAILED) ? RunStatus.FAILED
                    : RunStatus.SUCCEEDED;
            Instant ended = Instant.now();
            try {
                store.records().finishRun(runId, status, ended);
            } catch (StoreException e) {
                if (!DiskFull.in(e)) {
                    throw e;
                }
                ordered = LostRecords.recordAgain(run, ordered);
                status = RunStatus.FAILED;
            }
            RunResult result = new RunResult(runId, spec.name(), status, ordered, Duration.between(started, ended),
                    run.layout.runDir(runId));
            events.publish(new RunEvent.RunFinished(runId, name, Instant.now(), result));
            return result;
        } catch (IOException e) {
            store.records().finishRun(runId, RunStatus.FAILED, Instant.now());
            throw new PlanException("cannot create the run directory: " + e.getMessage());
        } finally {
            current = null;
        }
    }

    /**
     * The spec a run records: its pipeline as declared, with the overridden parameters' values;
     * a secret parameter keeps its marker.
     */
    private static String specYaml(PipelineSpec declared, Map<String, String> overridden, Optional<String> yaml) {
        return yaml.filter(text -> overridden.isEmpty()).orElseGet(() -> PipelineYaml.write(declared));
    }

    private static ResourcePool poolFor(PipelineSpec spec, ExecutionPlan plan, int parallel, StepExecutor executor) {
        // Plain loops: this runs once per step at every start, before the JIT has compiled anything.
        List<Resources> demands = new ArrayList<>(plan.order().size());
        boolean wantsGpus = false;
        boolean wantsMemory = false;
        for (String name : plan.order()) {
            Resources demand = spec.effectiveResources(spec.steps().get(name));
            demands.add(demand);
            wantsGpus |= demand.gpus().orElse(0) > 0;
            wantsMemory |= demand.memory().isPresent();
        }
        // The executor admits steps by its own capacity; memory and GPUs are looked up only for
        // the runs that need them (asking the JVM for the memory costs a start about 30 ms).
        ResourcePool pool = new ResourcePool(parallel, executor.capacity(wantsMemory, wantsGpus));
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < demands.size(); i++) {
            String name = plan.order().get(i);
            pool.neverFits(demands.get(i)).ifPresent(why -> problems.add("step '" + name + "' " + why));
        }
        if (!problems.isEmpty()) {
            throw new PlanException(String.join("\n", problems));
        }
        return pool;
    }
}
