package dev.gantry.engine.internal.run;

import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.hash.Cancellation;
import dev.gantry.engine.hash.StoppedException;
import dev.gantry.engine.internal.artifact.ArtifactInfo;
import dev.gantry.engine.internal.artifact.ArtifactInspector;
import dev.gantry.engine.internal.artifact.InvalidArtifactException;
import dev.gantry.engine.internal.artifact.OutputScanner;
import dev.gantry.engine.internal.artifact.ScannedOutput;
import dev.gantry.engine.internal.store.DiskFull;
import dev.gantry.spec.Durations;
import dev.gantry.spec.FailureKind;
import dev.gantry.spec.StepSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the outputs of a successful attempt, hashes them and moves them into the store: each
 * is walked without following a link, checked against its declared type, then committed. The
 * step's timeout counts on through this, from the attempt's start, and cancelling the run
 * stops it at once.
 */
final class OutputCommit {
    private final RunContext run;
    private final StepSpec step;
    private final int attempt;

    OutputCommit(RunContext run, StepSpec step, int attempt) {
        this.run = run;
        this.step = step;
        this.attempt = attempt;
    }

    /** The stored outputs, or why they could not be stored. */
    record Outcome(Map<String, OutputArtifact> outputs, Optional<Failed> failure) {}

    /**
     * Why the outputs could not be stored.
     *
     * @param scratchFilledTheDisk whether what the attempt wrote filled the disk, so it should go
     */
    record Failed(FailureKind kind, boolean retryable, String message, boolean scratchFilledTheDisk) {}

    /** Commits {@code outputs} (name to scratch path) of the attempt that started at {@code started}. */
    Outcome commit(Map<String, Path> outputs, Instant started) {
        Cancellation cancellation = cancellation(started);
        OutputScanner scanner = new OutputScanner(cancellation);
        Map<String, ScannedOutput> scanned = new LinkedHashMap<>();
        Map<String, ArtifactInfo> infos = new LinkedHashMap<>();
        String current = "";
        try {
            OutputScanner.checkScratch(run.layout.runs(), run.layout.attemptDir(run.runId, step.name(), attempt));
            for (Map.Entry<String, Path> o : outputs.entrySet()) {
                current = o.getKey();
                scanned.put(o.getKey(), scanner.scan(o.getKey(), o.getValue()));
            }
            scanner.checkLinks();
            for (ScannedOutput o : scanned.values()) {
                current = o.name();
                infos.put(o.name(), ArtifactInspector.inspect(o, step.outputs().get(o.name())));
            }
            Map<String, OutputArtifact> stored = new LinkedHashMap<>();
            for (ScannedOutput o : scanned.values()) {
                current = o.name();
                ArtifactInfo info = infos.get(o.name());
                String sha = run.objects.commit(o.path(), o.listing(), cancellation);
                stored.put(o.name(), new OutputArtifact(sha, run.objects.path(sha), info.type(),
                        info.sizeBytes(), info.rows(), info.schema()));
            }
            FaultInjection.afterObjectsCommitted(step.name(), run.store);
            return new Outcome(stored, Optional.empty());
        } catch (InvalidArtifactException e) {
            String output = current.isEmpty() ? "" : "output '" + e.output().orElse(current) + "' of ";
            return failed(FailureKind.INVALID_OUTPUT, false, output + "step '" + step.name() + "': " + e.getMessage(),
                    false);
        } catch (StoppedException e) {
            boolean cancelled = run.isCancelled();
            return failed(cancelled ? FailureKind.CANCELLED : FailureKind.TIMEOUT, !cancelled, e.getMessage(), false);
        } catch (IOException e) {
            if (DiskFull.in(e)) {
                return failed(FailureKind.INFRASTRUCTURE, false,
                        DiskFull.message("storing output '" + current + "'", run.layout.root()), true);
            }
            return failed(FailureKind.INFRASTRUCTURE, true, "cannot store its outputs: " + e.getMessage(), false);
        }
    }

    private static Outcome failed(FailureKind kind, boolean retryable, String message, boolean diskFull) {
        return new Outcome(Map.of(), Optional.of(new Failed(kind, retryable, message, diskFull)));
    }

    /** Stops checking and storing outputs once the run is cancelled or the attempt's time is up. */
    private Cancellation cancellation(Instant attemptStarted) {
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
}
