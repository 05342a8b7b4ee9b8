package dev.gantry.engine.internal.run;

import dev.gantry.engine.internal.store.Directories;
import dev.gantry.engine.internal.store.StoreLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a step's directory, its first attempt's scratch directory and its first log ahead of
 * time, while the step before it runs, on the thread that waits for that step. Between one
 * step's end and the next one's start, in a chain, nothing else can happen: there each new
 * file or directory is time the whole run waits (40 microseconds to make on ext4, ten times
 * that beside recently deleted ones), while the waiting thread has nothing to do.
 *
 * <p>What was made for a step that then does not run (it came from the cache, was skipped,
 * or a step before it failed) is removed at the run's end. Making ahead is only ever a head
 * start: where it fails, the attempt makes its files itself and reports what is wrong.
 */
final class FirstAttempts {
    private static final Logger LOG = LoggerFactory.getLogger(FirstAttempts.class);

    private final StoreLayout layout;
    private final String runId;
    private final Set<String> prepared = ConcurrentHashMap.newKeySet();

    FirstAttempts(StoreLayout layout, String runId) {
        this.layout = layout;
        this.runId = runId;
    }

    /** Makes the first attempt's directories and empty log for {@code step}, unless already made. */
    void prepare(String step) {
        if (!prepared.add(step)) {
            return;
        }
        try {
            Directories.create(layout.stepDir(runId, step));
            Directories.create(layout.attemptDir(runId, step, 1));
            layout.attemptLog(runId, step, 1).toFile().createNewFile();
        } catch (IOException e) {
            LOG.debug("cannot make the first attempt of step '{}' (run {}) ahead: {}; the attempt makes it itself",
                    step, runId, e.toString());
            prepared.remove(step);
        }
    }

    /** Whether the first attempt of {@code step} was prepared; the attempt now owns what was made. */
    boolean take(String step) {
        return prepared.remove(step);
    }

    /** Removes what was prepared for steps that never ran. */
    void removeUnused() {
        for (String step : prepared) {
            try {
                Files.deleteIfExists(layout.attemptLog(runId, step, 1));
                Files.deleteIfExists(layout.attemptDir(runId, step, 1));
                Files.deleteIfExists(layout.stepDir(runId, step));
            } catch (IOException e) {
                // Something else was put there: it is not ours to remove.
                LOG.debug("left the unused first attempt of step '{}' (run {}) in place: {}", step, runId, e.toString());
            }
        }
        prepared.clear();
    }
}
