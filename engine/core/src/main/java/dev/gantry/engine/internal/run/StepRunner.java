package dev.gantry.engine.internal.run;

import dev.gantry.engine.api.AttemptRecord;
import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.api.RunEvent;
import dev.gantry.engine.api.StepFailure;
import dev.gantry.engine.api.StepRecord;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.engine.internal.cache.CacheKeys;
import dev.gantry.engine.internal.store.Directories;
import dev.gantry.engine.internal.store.DiskFull;
import dev.gantry.engine.internal.store.GcLock;
import dev.gantry.engine.internal.store.ObjectStore;
import dev.gantry.engine.spi.ExecutionException;
import dev.gantry.engine.spi.ExitReason;
import dev.gantry.engine.spi.RunningStep;
import dev.gantry.engine.spi.StepLaunch;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.Durations;
import dev.gantry.spec.FailureKind;
import dev.gantry.spec.MemorySize;
import dev.gantry.spec.Names;
import dev.gantry.spec.Placeholders;
import dev.gantry.spec.Resources;
import dev.gantry.spec.StepSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one step on a worker thread: each attempt in its own scratch directory, retries with
 * doubling backoff, the timeout, and then the outputs: checked against their types, hashed,
 * moved into the store and recorded with the cache entry.
 */
final class StepRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StepRunner.class);

    private static final int LOG_TAIL_LINES = 20;

    private final RunContext run;
    private final StepWork work;
    private final StepSpec step;
    private final FirstAttempts firstAttempts;
    private final Runnable whileFirstAttemptRuns;
    private final Deque<String> tail = new ArrayDeque<>();
    private final Instant startedAt = Instant.now();
    private final Room room;
    /** What the step holds of the executor's capacity: more memory after a retry that grew it. */
    private Resources held;

    /**
     * @param firstAttempts what was made ahead for first attempts, this step's included
     * @param whileFirstAttemptRuns what to do once the first attempt has started, while it runs
     * @param room where a retry that needs more memory gets it
     */
    StepRunner(RunContext run, StepWork work, FirstAttempts firstAttempts, Runnable whileFirstAttemptRuns,
            Room room) {
        this.run = run;
        this.work = work;
        this.step = work.step();
        this.firstAttempts = firstAttempts;
        this.whileFirstAttemptRuns = whileFirstAttemptRuns;
        this.room = room;
        this.held = work.resources();
    }

    /** The executor's capacity, as a step that must grow while it runs sees it. */
    interface Room {
        /**
         * Takes {@code extraBytes} more memory, for a step that will then hold {@code grown},
         * waiting until it is free; empty once taken, else why it cannot be (it never fits, or
         * the run was cancelled while waiting).
         */
        Optional<String> grow(long extraBytes, Resources grown);
    }

    StepCompletion call() {
        run.store.records().stepStarted(run.runId, step.name(), Optional.of(work.key().sha256()),
                work.key().canonicalParts(), startedAt);
        int maxAttempts = step.retry().attempts();
        Duration backoff = step.retry().backoff();
        Path stepDir = run.layout.stepDir(run.runId, step.name());
        Optional<Path> lastLog = Optional.empty();
        try {
            for (CollectedInput input : work.collected()) {
                input.materialize();
            }
        } catch (IOException e) {
            return end(StepStatus.FAILED, Map.of(), 0, failed(FailureKind.INFRASTRUCTURE, Optional.empty(), true,
                    "cannot collect its inputs: " + e.getMessage(), lastLog));
        }
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (run.isCancelled()) {
                return cancelled(attempt - 1, lastLog);
            }
            Path log = run.layout.attemptLog(run.runId, step.name(), attempt);
            lastLog = Optional.of(log);
            AttemptResult result = attempt(stepDir, attempt, log);
            run.store.records().recordAttempt(run.runId, step.name(), new AttemptRecord(attempt, result.succeeded(),
                    result.exitCode, Optional.ofNullable(result.failure), Optional.ofNullable(result.kind),
                    log.toString(), result.started, Instant.now()));
            if (result.succeeded()) {
                return commit(result, attempt, lastLog);
            }
            if (run.isCancelled()) {
                return cancelled(attempt, lastLog);
            }
            String which = maxAttempts > 1 ? " (attempt " + attempt + " of " + maxAttempts + ")" : "";
            Optional<String> notAgain = RetryChoice.whyNot(step, result.kind, result.exitCode, result.retryable);
            if (notAgain.isPresent() || attempt == maxAttempts) {
                String why = result.failure + which + (attempt < maxAttempts ? "; " + notAgain.get() : "");
                return end(StepStatus.FAILED, Map.of(), attempt,
                        failed(result.kind, result.exitCode, result.retryable, why, lastLog));
            }
            if (result.kind == FailureKind.OUT_OF_MEMORY) {
                Optional<String> cannotGrow = growMemory();
                if (cannotGrow.isPresent()) {
                    return end(StepStatus.FAILED, Map.of(), attempt, failed(result.kind, result.exitCode, false,
                            result.failure + which + "; " + cannotGrow.get(), lastLog));
                }
            }
            long wait = backoff.toMillis() << (attempt - 1);
            run.events.publish(new RunEvent.StepRetrying(run.runId, run.events.pipeline(), Instant.now(), step.name(),
                    attempt, result.failure, Duration.ofMillis(wait)));
            if (!sleep(wait)) {
                return cancelled(attempt, lastLog);
            }
        }
        throw new IllegalStateException("step '" + step.name() + "' ran out of attempts without ending");
    }

    /**
     * Multiplies the step's memory by its retry's growth for the next attempt, waiting until the
     * executor has room for it; why it cannot, when it never could or the run was cancelled.
     */
    private Optional<String> growMemory() {
        MemorySize now = held.memory().orElseThrow();
        MemorySize next = new MemorySize((long) Math.ceil(now.bytes() * step.retry().memoryGrowth().orElseThrow()));
        Optional<String> why = room.grow(next.bytes() - now.bytes(), held.withMemory(next));
        if (why.isEmpty()) {
            held = held.withMemory(next);
        }
        return why;
    }

    private StepCompletion cancelled(int attempts, Optional<Path> log) {
        return end(StepStatus.CANCELLED, Map.of(), attempts,
                failed(FailureKind.CANCELLED, Optional.empty(), false, "run cancelled", log));
    }

    /** A failure of this step, with the end of its log as it stands now. */
    private StepFailure failed(FailureKind kind, Optional<Integer> exitCode, boolean retryable, String message,
            Optional<Path> log) {
        List<String> logTail;
        synchronized (tail) {
            logTail = List.copyOf(tail);
        }
        return new StepFailure(kind, exitCode, retryable, message, logTail, log);
    }

    private AttemptResult attempt(Path stepDir, int attempt, Path log) {
        AttemptResult result = new AttemptResult();
        synchronized (tail) {
            tail.clear();
        }
        try {
            Map<String, Path> outputs = prepareOutputs(stepDir, attempt);
            StepLaunch launch = launch(attempt, outputs, log);
            run.events.publish(new RunEvent.StepStarted(run.runId, run.events.pipeline(), Instant.now(), step.name(),
                    attempt, step.retry().attempts()));
            RunningStep process = run.executor.start(launch);
            run.track(process);
            process.hostProcess().ifPresent(p -> run.store.records().stepProcessStarted(run.runId, step.name(),
                    p.pid(), p.startTicks(), p.attemptToken()));
            try {
                if (attempt == 1) {
                    whileFirstAttemptRuns.run();
                }
                Optional<Integer> exit = process.waitFor(step.timeout());
                if (exit.isEmpty()) {
                    process.kill();
                    result.fail(FailureKind.TIMEOUT, "timed out after " + Durations.format(step.timeout().orElseThrow()));
                    return result;
                }
                result.exitCode = exit;
            } finally {
                run.untrack(process);
            }
            if (run.isCancelled()) {
                result.fail(FailureKind.CANCELLED, "cancelled");
                result.retryable = false;
                return result;
            }
            if (result.exitCode.get() != 0) {
                // The executor may know better than the code, such as a container killed for its memory.
                ExitReason reason = process.failureReason()
                        .orElse(new ExitReason(FailureKind.EXIT_CODE, "exit code " + result.exitCode.get()));
                result.fail(reason.kind(), reason.message());
                if (DiskFull.isFull(run.layout.root())) {
                    // What it wrote is what filled the disk: it goes, and trying again would fill it again.
                    removeScratch(attempt);
                    result.fail(FailureKind.INFRASTRUCTURE,
                            DiskFull.message("writing its outputs (" + result.failure + ")", run.layout.root()));
                    result.retryable = false;
                }
                return result;
            }
            result.outputs = outputs;
        } catch (IOException e) {
            // The message may quote what the step was started with, a secret parameter's value included.
            result.fail(FailureKind.COULD_NOT_START, run.secrets.mask().apply(String.valueOf(e.getMessage())));
            result.retryable = false;
        } catch (ExecutionException e) {
            result.fail(e.kind(), run.secrets.mask().apply(String.valueOf(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.fail(FailureKind.CANCELLED, "interrupted");
            result.retryable = false;
        }
        return result;
    }

    private Map<String, Path> prepareOutputs(Path stepDir, int attempt) throws IOException {
        Path outDir = run.layout.attemptDir(run.runId, step.name(), attempt);
        if (attempt > 1 || !firstAttempts.take(step.name())) {
            // Parent first: each is then made in one call, where the attempt's directory alone would take five.
            Directories.create(stepDir);
            Directories.create(outDir);
        }
        Map<String, Path> outputs = new LinkedHashMap<>();
        for (Map.Entry<String, ArtifactType> o : step.outputs().entrySet()) {
            Path path = outDir.resolve(o.getKey());
            if (o.getValue() == ArtifactType.DIR) {
                Files.createDirectories(path);
            }
            outputs.put(o.getKey(), path);
        }
        return outputs;
    }

    private StepLaunch launch(int attempt, Map<String, Path> outputs, Path log) {
        // Secret parameters' values fill the command, and go to the step with its other secrets.
        Map<String, String> params = run.secrets.reveal(CacheKeys.paramsUsed(run.pipeline, step));
        Map<String, String> secretParams = new LinkedHashMap<>();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GANTRY_RUN_ID", run.runId);
        env.put("GANTRY_STEP", step.name());
        Map<String, String> inputPaths = new LinkedHashMap<>();
        work.inputs().forEach((n, p) -> inputPaths.put(n, run.executor.inputPath(n, p)));
        Map<String, String> outputPaths = new LinkedHashMap<>();
        outputs.forEach((n, p) -> outputPaths.put(n, run.executor.outputPath(n, p)));
        inputPaths.forEach((n, p) -> env.put("GANTRY_INPUT_" + Names.toEnv(n), p));
        outputPaths.forEach((n, p) -> env.put("GANTRY_OUTPUT_" + Names.toEnv(n), p));
        params.forEach((n, v) -> (run.pipeline.isSecretParam(n) ? secretParams : env)
                .put("GANTRY_PARAM_" + Names.toEnv(n), v));
        step.env().forEach((k, v) -> env.put(k, fill(v, inputPaths, outputPaths, params)));
        List<String> command = new ArrayList<>(step.command().size());
        for (String arg : step.command()) {
            command.add(fill(arg, inputPaths, outputPaths, params));
        }
        Path workdir = step.workdir().map(run.baseDir::resolve).orElse(run.baseDir);
        return new StepLaunch(run.runId, step, held, attempt, command, env, workdir, work.inputs(),
                outputs, work.gpus(), log, this::onOutput,
                run.secrets.forStep(run.pipeline, step).withVariables(secretParams), work.prepared());
    }

    private static String fill(String template, Map<String, String> inputs, Map<String, String> outputs,
            Map<String, String> params) {
        return Placeholders.substitute(template, p -> switch (p.kind()) {
            case Placeholders.INPUTS -> String.valueOf(inputs.get(p.name()));
            case Placeholders.OUTPUTS -> String.valueOf(outputs.get(p.name()));
            case Placeholders.PARAMS -> String.valueOf(params.get(p.name()));
            default -> p.text();
        });
    }

    private void onOutput(String line) {
        synchronized (tail) {
            if (tail.size() == LOG_TAIL_LINES) {
                tail.removeFirst();
            }
            tail.addLast(line);
        }
        run.events.publish(new RunEvent.StepOutput(run.runId, run.events.pipeline(), Instant.now(), step.name(), line));
    }

    /**
     * Checks the attempt's outputs, hashes them and moves them into the store ({@link
     * OutputCommit}), and ends the step with them, or with why they could not be stored.
     */
    private StepCompletion commit(AttemptResult result, int attempt, Optional<Path> log) {
        // Held from before the outputs move into objects/ (where one may meet an object already
        // there) until the step's record names them: garbage collection waits for it.
        GcLock.Held lease = run.store.gcLock().share();
        try {
            return commitLeased(result, attempt, log);
        } finally {
            run.store.afterCommitted(lease::close);
        }
    }

    private StepCompletion commitLeased(AttemptResult result, int attempt, Optional<Path> log) {
        long began = System.nanoTime();
        OutputCommit.Outcome outcome = new OutputCommit(run, step, attempt).commit(result.outputs, result.started);
        if (outcome.failure().isEmpty()) {
            if (!outcome.outputs().isEmpty()) {
                long bytes = outcome.outputs().values().stream().mapToLong(OutputArtifact::sizeBytes).sum();
                run.events.publish(new RunEvent.OutputsCommitted(run.runId, run.events.pipeline(), Instant.now(),
                        step.name(), bytes, Duration.ofNanos(System.nanoTime() - began)));
            }
            return end(StepStatus.SUCCEEDED, outcome.outputs(), attempt, Optional.empty());
        }
        OutputCommit.Failed failed = outcome.failure().get();
        if (failed.scratchFilledTheDisk()) {
            removeScratch(attempt);
        }
        StepStatus status = failed.kind() == FailureKind.CANCELLED ? StepStatus.CANCELLED : StepStatus.FAILED;
        // The step itself exited 0: what failed came after it.
        return end(status, Map.of(), attempt, failed(failed.kind(), Optional.of(0), failed.retryable(),
                failed.message(), log));
    }

    /** Removes what an attempt left in its scratch directory, to give back the space it takes. */
    private void removeScratch(int attempt) {
        try {
            ObjectStore.deleteTree(run.layout.attemptDir(run.runId, step.name(), attempt));
        } catch (IOException e) {
            // What is left is removed with the run's directory.
            LOG.warn("cannot remove the scratch directory of attempt {} of step '{}' (run {}) to give its space"
                    + " back: {}", attempt, step.name(), run.runId, e.toString());
        }
    }

    private StepCompletion end(StepStatus status, Map<String, OutputArtifact> outputs, int attempts,
            StepFailure failure) {
        return end(status, outputs, attempts, Optional.of(failure));
    }

    private StepCompletion end(StepStatus status, Map<String, OutputArtifact> outputs, int attempts,
            Optional<StepFailure> failure) {
        Instant endedAt = Instant.now();
        // A step that ran because its cached result had expired says so, for explain.
        Optional<String> why = failure.map(StepFailure::message)
                .or(() -> status == StepStatus.SUCCEEDED ? work.expiredEntry() : Optional.empty());
        boolean cache = status == StepStatus.SUCCEEDED && work.writeCache();
        run.store.records().completeStep(new StepRecord(run.runId, step.name(), status, Optional.of(work.key().sha256()),
                Optional.of(work.key().canonicalParts()), Optional.of(startedAt), Optional.of(endedAt), attempts, why,
                failure.map(StepFailure::kind), outputs), run.pipeline.name(),
                cache ? Optional.of(work.key().sha256()) : Optional.empty());
        return new StepCompletion(work, held, status, outputs, attempts, why, failure, startedAt, endedAt);
    }

    private boolean sleep(long millis) {
        long until = System.currentTimeMillis() + millis;
        try {
            while (!run.isCancelled()) {
                long left = until - System.currentTimeMillis();
                if (left <= 0) {
                    return true;
                }
                Thread.sleep(Math.min(left, 100));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** What one attempt came to. */
    private static final class AttemptResult {
        final Instant started = Instant.now();
        Optional<Integer> exitCode = Optional.empty();
        FailureKind kind;
        String failure;
        /** Whether another try could help, whatever the step's retry policy says. */
        boolean retryable = true;
        Map<String, Path> outputs;

        void fail(FailureKind kind, String message) {
            this.kind = kind;
            this.failure = message;
            // The same command, image or request would fail the same way again.
            if (kind == FailureKind.COULD_NOT_START || kind == FailureKind.UNSCHEDULABLE) {
                retryable = false;
            }
        }

        boolean succeeded() {
            return failure == null;
        }
    }
}
