package dev.gantry.engine.cli;

import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunTrigger;
import dev.gantry.engine.api.RunRecord;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.spec.ExecutorChoice;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.yaml.PipelineYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

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

    /**
     * Options that run in the same directory, on the same executor (which {@code --executor}
     * overrides), record the same file and name this run as the parent. A run recorded before
     * runs recorded their executor gets the usual choice: the settings file's, the pipeline's,
     * else auto.
     */
    RunOptions baseOptions() {
        RunOptions options = RunOptions.defaults().withTrigger(RunTrigger.CLI).withBaseDir(Path.of(run.baseDir()))
                .withParentRun(run.id());
        Optional<ExecutorChoice> executor = run.executor().flatMap(ExecutorChoice::parse);
        if (executor.isPresent()) {
            options = options.withExecutor(executor.get());
        }
        RunOptions chosen = options;
        return run.pipelineFile().map(f -> chosen.withPipelineFile(Path.of(f))).orElse(chosen);
    }

    /**
     * {@code options} with the run's parameter values for those of {@code spec}'s parameters
     * that it still declares; a secret parameter's recorded value is its marker, so a run
     * needs {@code --param} for it again.
     */
    RunOptions withRecordedParams(PipelineSpec spec, RunOptions options) {
        RunOptions with = options;
        for (var p : this.spec.params().entrySet()) {
            if (spec.params().containsKey(p.getKey()) && !spec.isSecretParam(p.getKey())) {
                with = with.withParam(p.getKey(), p.getValue());
            }
        }
        return with;
    }

    /** The run's pipeline file as it is now, for {@code flag} ({@code --latest}). */
    PipelineSpec currentFile(String flag) {
        Path file = run.pipelineFile().map(Path::of).orElseThrow(() -> new UsageException(
                "run " + run.id() + " was not read from a file (it was built in Java); run it without " + flag));
        if (!Files.isRegularFile(file)) {
            throw new UsageException(flag + ": the pipeline file " + file + " of run " + run.id() + " no longer exists");
        }
        return PipelineYaml.read(file);
    }
}
