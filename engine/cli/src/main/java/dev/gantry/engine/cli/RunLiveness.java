package dev.gantry.engine.cli;

import dev.gantry.engine.internal.run.CrashedRuns;
import dev.gantry.engine.internal.store.RunStore;
import dev.gantry.engine.internal.store.StoredRun;

/**
 * Tells a run in progress from one whose process died (its pid gone, or given to a process
 * that started later): the latter is recorded as crashed, once the step processes it left
 * running are stopped, each said on standard error.
 */
final class RunLiveness {
    private RunLiveness() {}

    /** {@code run}, marked crashed in the store if it claims to be running on this host but its process is gone. */
    static StoredRun check(RunStore store, StoredRun run) {
        if (!CrashedRuns.engineIsGone(run)) {
            return run;
        }
        CrashedRuns.Settled settled = CrashedRuns.settle(store, run);
        settled.stopped().forEach(line -> System.err.println("notice: " + line));
        return settled.run();
    }
}
