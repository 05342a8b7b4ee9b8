package dev.gantry.engine.internal.run;

import dev.gantry.engine.api.RunEvent;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.api.StepFailure;
import dev.gantry.engine.api.StepRecord;
import dev.gantry.engine.api.StepResult;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.engine.api.StoreException;
import dev.gantry.engine.internal.store.DiskFull;
import dev.gantry.engine.internal.store.ObjectStore;
import dev.gantry.spec.FailureKind;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run does when the run store could not record part of it because the disk was full:
 * it removes what its steps left in their scratch directories (a step that filled the disk
 * left it there), and then records again how each step whose record was lost ended. A step
 * that succeeded, or came from the cache, but whose outputs were never recorded, failed: no
 * later run may take it for done. Its objects, already renamed into the store whole, stay
 * until a later run of the same step uses them again.
 */
final class LostRecords {
    private static final Logger LOG = LoggerFactory.getLogger(LostRecords.class);

    private LostRecords() {}

    /**
     * @return the run's results as recorded now, in the same order
     * @throws StoreException when the store still cannot record them
     */
    static List<StepResult> recordAgain(RunContext run, List<StepResult> results) {
        // The writes queued behind the one that failed land or fail now, while the disk is still
        // full: freeing the scratch space first would let a step's success, with its cache
        // entry, land after the step was found unrecorded and recorded failed.
        run.store.records().drain();
        removeScratch(run.layout.runDir(run.runId));
        Set<String> open = new HashSet<>(run.store.records().stepsLeftOpen(run.runId));
        List<StepResult> now = new ArrayList<>(results.size());
        Instant at = Instant.now();
        for (StepResult r : results) {
            if (!open.contains(r.name())) {
                now.add(r);
                continue;
            }
            String full = DiskFull.message("recording step '" + r.name() + "'", run.store.database());
            StepResult lost = r.status().hasOutputs()
                    ? new StepResult(r.name(), StepStatus.FAILED, r.cacheKey(), Map.of(), r.attempts(), r.elapsed(),
                            Optional.of(full), Optional.of(StepFailure.beforeStart(FailureKind.INFRASTRUCTURE, full)))
                    : r;
            run.store.records().completeStep(new StepRecord(run.runId, r.name(), lost.status(), lost.cacheKey(),
                    Optional.empty(), Optional.empty(), Optional.of(at), lost.attempts(), lost.message(),
                    lost.failure().map(StepFailure::kind), Map.of()), run.pipeline.name(), Optional.empty());
            if (lost != r) {
                run.events.publish(new RunEvent.StepFinished(run.runId, run.events.pipeline(), Instant.now(), lost));
            }
            now.add(lost);
        }
        run.store.records().finishRun(run.runId, RunStatus.FAILED, at);
        return now;
    }

    /** Removes every attempt's scratch directory of the run; the logs beside them stay. */
    private static void removeScratch(Path runDir) {
        try (DirectoryStream<Path> steps = Files.newDirectoryStream(runDir, Files::isDirectory)) {
            for (Path step : steps) {
                try (DirectoryStream<Path> attempts = Files.newDirectoryStream(step,
                        p -> p.getFileName().toString().startsWith("attempt-") && Files.isDirectory(p))) {
                    for (Path attempt : attempts) {
                        ObjectStore.deleteTree(attempt);
                    }
                }
            }
        } catch (IOException e) {
            // What cannot be removed keeps its space; the records are tried all the same.
            LOG.warn("cannot remove the scratch directories in {} to give their space back: {}", runDir,
                    e.toString());
        }
    }
}
