package dev.gantry.engine.cli;

import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunTrigger;
import dev.gantry.engine.api.RunRecord;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.spec.PipelineSpec;
import java.nio.file.Path;

/** A run from the store, read back to run again: its exact spec and where it ran. */
record RecordedRun(RunRecord run, PipelineSpec spec) {

    /** Loads run {@code id} (or a unique prefix, or {@code last}), telling a crashed run from a live one. */
    static RecordedRun load(StoreOption store, String id) {
        try (RunHistory runs = store.openHistory()) {
            RunRecord run = store.findRun(runs, id);
            return new RecordedRun(run, runs.spec(run));
        }
    }

    /** Fails unless the run is over. */
    RecordedRun requireFinished(String command) {
        if (run.status() == RunStatus.RUNNING) {
            throw new UsageException("run " + run.id() + " is still running (process " + run.pid() + " on "
                    + run.host() + "); " + command + " it when it has ended");
        }
        return this;
    }

    /** Options that run in the same directory, record the same file and name this run as the parent. */
    RunOptions baseOptions() {
        RunOptions options = RunOptions.defaults().withTrigger(RunTrigger.CLI).withBaseDir(Path.of(run.baseDir()))
                .withParentRun(run.id());
        return run.pipelineFile().map(f -> options.withPipelineFile(Path.of(f))).orElse(options);
    }
}
