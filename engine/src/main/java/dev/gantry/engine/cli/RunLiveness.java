package dev.gantry.engine.cli;

import dev.gantry.engine.RunStatus;
import dev.gantry.engine.store.RunStore;
import dev.gantry.engine.store.StoredRun;
import java.time.Instant;
import java.util.Optional;

/** Tells a run in progress from one whose process died: the latter is recorded as crashed. */
final class RunLiveness {
    private RunLiveness() {}

    /** {@code run}, marked crashed in the store if it claims to be running on this host but its process is gone. */
    static StoredRun check(RunStore store, StoredRun run) {
        if (run.status() != RunStatus.RUNNING || !run.host().equals(dev.gantry.engine.run.RunEngine.hostname())) {
            return run;
        }
        boolean alive = ProcessHandle.of(run.pid()).map(ProcessHandle::isAlive).orElse(false);
        if (alive) {
            return run;
        }
        Instant now = Instant.now();
        store.finishRun(run.id(), RunStatus.CRASHED, now);
        return new StoredRun(run.id(), run.pipeline(), RunStatus.CRASHED, run.startedAt(), Optional.of(now),
                run.specYaml(), run.pipelineFile(), run.baseDir(), run.parentRun(), run.pid(), run.host());
    }
}
