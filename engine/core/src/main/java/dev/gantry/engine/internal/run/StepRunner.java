package dev.gantry.engine.internal.run;

import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.engine.hash.Cancellation;
import dev.gantry.engine.hash.StoppedException;
import dev.gantry.engine.internal.artifact.ArtifactInfo;
import dev.gantry.engine.internal.artifact.ArtifactInspector;
import dev.gantry.engine.internal.artifact.InvalidArtifactException;
import dev.gantry.engine.internal.artifact.OutputScanner;
import dev.gantry.engine.internal.artifact.ScannedOutput;
import dev.gantry.engine.internal.cache.CacheKeys;
import dev.gantry.engine.internal.store.Directories;
import dev.gantry.engine.internal.store.DiskFull;
import dev.gantry.engine.internal.store.ObjectStore;
import dev.gantry.engine.internal.store.StoredAttempt;
import dev.gantry.engine.internal.store.StoredStep;
import dev.gantry.engine.spi.RunningStep;
import dev.gantry.engine.spi.StepLaunch;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.Durations;
import dev.gantry.spec.Names;
import dev.gantry.spec.Placeholders;
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

/**
 * Runs one step on a worker thread: each attempt in its own scratch directory, retries with
 * doubling backoff, the timeout, and then the outputs: checked against their types, hashed,
 * moved into the store and recorded with the cache entry.
 */
final class StepRunner {
    private static final int LOG_TAIL_LINES = 20;

    private final RunContext run;
    private final StepWork work;
    private final StepSpec step;
    private final FirstAttempts firstAttempts;
    private final Runnable whileFirstAttemptRuns;
    private final Deque<String> tail = new ArrayDeque<>();
    private final Instant startedAt = Instant.now();

    /**
     * @param firstAttempts what was made ahead for first attempts, this step's included
     * @param whileFirstAttemptRuns what to do once the first attempt has started, while it runs
     */
    StepRunner(RunContext run, StepWork work, FirstAttempts firstAttempts, Runnable whileFirstAttemptRuns) {
        this.run = run;
        this.work = work;
        this.step = work.step();
        this.firstAttempts = firstAttempts;
        this.whileFirstAttemptRuns = whileFirstAttemptRuns;
    }

    StepCompletion call() {
        run.store.stepStarted(run.runId, step.name(), Optional.of(work.key().sha256()),
                work.key().canonicalParts(), startedAt);
        int maxAttempts = step.retry().attempts();
        Duration backoff = step.retry().backoff();
        Path stepDir = run.layout.stepDir(run.runId, step.name());
        String failure = "not started";
        Optional<Path> lastLog = Optional.empty();
        try {
            for (CollectedInput input : work.collected()) {
                input.materialize();
            }
        } catch (IOException e) {
            return end(StepStatus.FAILED, Map.of(), 0, "cannot collect its inputs: " + e.getMessage(), lastLog);
        }
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (run.isCancelled()) {
                return end(StepStatus.CANCELLED, Map.of(), attempt - 1, "run cancelled", lastLog);
            }
            Path log = run.layout.attemptLog(run.runId, step.name(), attempt);
            lastLog = Optional.of(log);
            AttemptResult result = attempt(stepDir, attempt, log);
            run.store.recordAttempt(run.runId, step.name(), new StoredAttempt(attempt, result.succeeded(),
                    result.exitCode, Optional.ofNullable(result.failure), log.toString(), result.started,
                    Instant.now()));
            if (result.succeeded()) {
                return commit(result, attempt, lastLog);
            }
            failure = result.failure;
            if (run.isCancelled()) {
                return end(StepStatus.CANCELLED, Map.of(), attempt, "run cancelled", lastLog);
            }
            if (!result.retryable || attempt == maxAttempts) {
                String which = maxAttempts > 1 ? " (attempt " + attempt + " of " + maxAttempts + ")" : "";
                return end(StepStatus.FAILED, Map.of(), attempt, failure + which, lastLog);
            }
            long wait = backoff.toMillis() << (attempt - 1);
            run.listener.stepRetrying(step.name(), attempt, failure, wait);
            if (!sleep(wait)) {
                return end(StepStatus.CANCELLED, Map.of(), attempt, "run cancelled", lastLog);
            }
        }
        return end(StepStatus.FAILED, Map.of(), maxAttempts, failure, lastLog);
    }

    private AttemptResult attempt(Path stepDir, int attempt, Path log) {
        AttemptResult result = new AttemptResult();
        synchronized (tail) {
            tail.clear();
        }
        try {
            Map<String, Path> outputs = prepareOutputs(stepDir, attempt);
            StepLaunch launch = launch(attempt, outputs, log);
            run.listener.stepStarted(step.name(), attempt, step.retry().attempts());
            RunningStep process = run.executor.start(launch);
            run.track(process);
            process.hostProcess().ifPresent(p -> run.store.stepProcessStarted(run.runId, step.name(),
                    p.pid(), p.startTicks(), p.attemptToken()));
            try {
                if (attempt == 1) {
                    whileFirstAttemptRuns.run();
                }
                Optional<Integer> exit = process.waitFor(step.timeout());
                if (exit.isEmpty()) {
                    process.kill();
                    result.failure = "timed out after " + Durations.format(step.timeout().orElseThrow());
                    return result;
                }
                result.exitCode = exit;
            } finally {
                run.untrack(process);
            }
            if (run.isCancelled()) {
                result.failure = "cancelled";
                return result;
            }
            if (result.exitCode.get() != 0) {
                // The executor may know better than the code, such as a container killed for its memory.
                result.failure = process.failureReason().orElse("exit code " + result.exitCode.get());
                if (DiskFull.isFull(run.layout.root())) {
                    // What it wrote is what filled the disk: it goes, and trying again would fill it again.
                    removeScratch(attempt);
                    result.failure = DiskFull.message("writing its outputs (" + result.failure + ")", run.layout.root());
                    result.retryable = false;
                }
                return result;
            }
            result.outputs = outputs;
        } catch (IOException e) {
            // The message may quote what the step was started with, a secret parameter's value included.
            result.failure = run.secrets.mask().apply(String.valueOf(e.getMessage()));
            result.retryable = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.failure = "interrupted";
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
        return new StepLaunch(run.runId, step, work.resources(), attempt, command, env, workdir, work.inputs(),
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
        run.listener.stepOutput(step.name(), line);
    }

    /**
     * Checks the attempt's outputs, hashes them and moves them into the store. The step's timeout
     * counts on through this, from the attempt's start, and cancelling the run stops it at once.
     */
    private StepCompletion commit(AttemptResult result, int attempt, Optional<Path> log) {
        Cancellation cancellation = commitCancellation(result.started);
        OutputScanner scanner = new OutputScanner(cancellation);
        Map<String, ScannedOutput> scanned = new LinkedHashMap<>();
        Map<String, ArtifactInfo> infos = new LinkedHashMap<>();
        String current = "";
        try {
            OutputScanner.checkScratch(run.layout.runs(), run.layout.attemptDir(run.runId, step.name(), attempt));
            for (Map.Entry<String, Path> o : result.outputs.entrySet()) {
                current = o.getKey();
                scanned.put(o.getKey(), scanner.scan(o.getKey(), o.getValue()));
            }
            scanner.checkLinks();
            for (ScannedOutput o : scanned.values()) {
                current = o.name();
                infos.put(o.name(), ArtifactInspector.inspect(o, step.outputs().get(o.name())));
            }
            Map<String, OutputArtifact> outputs = new LinkedHashMap<>();
            for (ScannedOutput o : scanned.values()) {
                current = o.name();
                ArtifactInfo info = infos.get(o.name());
                String sha = run.objects.commit(o.path(), o.listing(), cancellation);
                outputs.put(o.name(), new OutputArtifact(sha, run.objects.path(sha), info.type(),
                        info.sizeBytes(), info.rows(), info.schema()));
            }
            FaultInjection.afterObjectsCommitted(step.name(), run.store);
            return end(StepStatus.SUCCEEDED, outputs, attempt, null, log);
        } catch (InvalidArtifactException e) {
            String output = current.isEmpty() ? "" : "output '" + e.output().orElse(current) + "' of ";
            return end(StepStatus.FAILED, Map.of(), attempt, output + "step '" + step.name() + "': "
                    + e.getMessage(), log);
        } catch (StoppedException e) {
            StepStatus status = run.isCancelled() ? StepStatus.CANCELLED : StepStatus.FAILED;
            return end(status, Map.of(), attempt, e.getMessage(), log);
        } catch (IOException e) {
            if (DiskFull.in(e)) {
                removeScratch(attempt);
                return end(StepStatus.FAILED, Map.of(), attempt,
                        DiskFull.message("storing output '" + current + "'", run.layout.root()), log);
            }
            return end(StepStatus.FAILED, Map.of(), attempt, "cannot store its outputs: " + e.getMessage(), log);
        }
    }

    /** Stops checking and storing outputs once the run is cancelled or the attempt's time is up. */
    private Cancellation commitCancellation(Instant attemptStarted) {
        Optional<Instant> deadline = step.timeout().map(attemptStarted::plus);
        return () -> {
            if (run.isCancelled()) {
                throw new StoppedException("run cancelled");
            }
            if (deadline.isPresent() && Instant.now().isAfter(deadline.get())) {
                throw new StoppedException("timed out after " + Durations.format(step.timeout().orElseThrow())
                        + ", while its outputs were being checked and stored");
            }
        };
    }

    /** Removes what an attempt left in its scratch directory, to give back the space it takes. */
    private void removeScratch(int attempt) {
        try {
            ObjectStore.deleteTree(run.layout.attemptDir(run.runId, step.name(), attempt));
        } catch (IOException e) {
            // What is left is removed with the run's directory.
        }
    }

    private StepCompletion end(StepStatus status, Map<String, OutputArtifact> outputs, int attempts, String message,
            Optional<Path> log) {
        Instant endedAt = Instant.now();
        Optional<String> why = Optional.ofNullable(message);
        boolean cache = status == StepStatus.SUCCEEDED && work.writeCache();
        run.store.completeStep(new StoredStep(run.runId, step.name(), status, Optional.of(work.key().sha256()),
                Optional.of(work.key().canonicalParts()), Optional.of(startedAt), Optional.of(endedAt), attempts, why,
                outputs), run.pipeline.name(), cache ? Optional.of(work.key().sha256()) : Optional.empty());
        List<String> logTail;
        synchronized (tail) {
            logTail = List.copyOf(tail);
        }
        return new StepCompletion(work, status, outputs, attempts, why, logTail, log, startedAt, endedAt);
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
        String failure;
        boolean retryable = true;
        Map<String, Path> outputs;

        boolean succeeded() {
            return failure == null;
        }
    }
}
