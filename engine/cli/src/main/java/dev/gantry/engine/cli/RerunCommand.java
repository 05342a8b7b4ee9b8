package dev.gantry.engine.cli;

import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.Selection;
import dev.gantry.spec.PipelineSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gantry rerun}: runs a recorded run's exact spec again. */
@Command(name = "rerun", addMethodSubcommands = false, mixinStandardHelpOptions = true, description = {
    "Runs a recorded run again: its exact spec, parameter values and executor.",
    "Not today's file, unless --latest; --param and --executor change the others. Unchanged"
        + " steps come from the cache; with --from STEP, that step and everything downstream of it run"
        + " again whatever the cache holds."
})
final class RerunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN", description = RunNames.RUN)
    String runId;

    @Option(names = "--from", paramLabel = "STEP", description = "Runs STEP and everything downstream of it again.")
    String from;

    @Option(names = "--latest", description = {
        "Runs the pipeline file as it is now, with the run's parameter values where the file still has them."})
    boolean latest;

    @Option(names = "--no-cache", description = "Runs every step again, even if a cached result exists.")
    boolean noCache;

    @Mixin
    RunFlags flags;

    @Mixin
    StoreOption store;

    @Override
    public Integer call() {
        RecordedRun recorded = RecordedRun.load(store, runId).requireFinished("rerun");
        PipelineSpec spec = latest ? recorded.currentFile("--latest") : recorded.spec();
        RunOptions options = recorded.withRecordedParams(spec, recorded.baseOptions());
        if (from != null) {
            options = options.withSelection(Selection.from(from)).withNoCache(true);
        }
        RunOptions resolved = flags.apply(options.withNoCache(options.noCache() || noCache));
        return RunSession.execute(store.location(), flags, gantry -> gantry.run(spec, resolved));
    }
}
