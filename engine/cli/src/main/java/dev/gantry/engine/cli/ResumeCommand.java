package dev.gantry.engine.cli;

import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.spec.PipelineSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gantry resume}: finishes a run that failed, was cancelled or crashed. */
@Command(name = "resume", addMethodSubcommands = false, mixinStandardHelpOptions = true, description = {
    "Finishes a failed, cancelled or crashed run; the steps it completed come from the cache.",
    "It is a new run of the same recorded spec, or of the pipeline file as it is now with"
        + " --latest: after fixing the step that failed, 'gantry resume last --latest' finishes the"
        + " run."
})
final class ResumeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN", description = RunNames.RUN)
    String runId;

    @Option(names = "--latest", description = {
        "Runs the pipeline file as it is now, with the run's parameter values where the file still has them:",
        "the steps that completed and did not change come from the cache."})
    boolean latest;

    @Mixin
    RunFlags flags;

    @Mixin
    StoreOption store;

    @Override
    public Integer call() {
        RecordedRun recorded = RecordedRun.load(store, runId).requireFinished("resume");
        if (recorded.run().status() == RunStatus.SUCCEEDED) {
            throw new UsageException("run " + recorded.run().id() + " succeeded, so there is nothing to resume; "
                    + "'gantry rerun " + recorded.run().id() + "' runs it again");
        }
        if (!flags.params.isEmpty()) {
            throw new UsageException("resume runs the recorded parameters; to change them, use 'gantry rerun "
                    + recorded.run().id() + " --param ...'");
        }
        PipelineSpec spec = latest ? recorded.currentFile("--latest") : recorded.spec();
        RunOptions options = flags.apply(latest ? recorded.withRecordedParams(spec, recorded.baseOptions())
                : recorded.baseOptions());
        return RunSession.execute(store.location(), flags, gantry -> gantry.run(spec, options));
    }
}
