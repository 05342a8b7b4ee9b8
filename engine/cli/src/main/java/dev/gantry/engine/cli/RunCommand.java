package dev.gantry.engine.cli;

import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.api.RunTrigger;
import dev.gantry.engine.api.Selection;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gantry run}: runs a pipeline file. */
@Command(name = "run", addMethodSubcommands = false, mixinStandardHelpOptions = true, description = {
    "Runs a pipeline. Steps whose inputs, code and parameters are unchanged come from the cache.",
    "Ctrl-C stops every running step and marks the run cancelled."})
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The pipeline file (YAML).")
    Path file;

    @Option(names = "--from", paramLabel = "STEP",
            description = "Runs STEP and everything downstream of it; earlier steps must be in the cache.")
    String from;

    @Option(names = "--only", paramLabel = "STEP",
            description = "Runs STEP alone; the steps before it must be in the cache.")
    String only;

    @Option(names = "--no-cache", description = "Runs every selected step even if a cached result exists.")
    boolean noCache;

    @Mixin
    RunFlags flags;

    @Mixin
    StoreOption store;

    @Override
    public Integer call() {
        // Anything else that is there (a directory, a FIFO, a device) is named for what it is when it is read.
        if (Files.notExists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new UsageException("pipeline file " + file + " does not exist");
        }
        if (from != null && only != null) {
            throw new UsageException("choose either --from or --only, not both");
        }
        RunOptions options = flags.apply(RunOptions.defaults().withTrigger(RunTrigger.CLI)
                .withSelection(new Selection(Optional.ofNullable(from), Optional.ofNullable(only)))
                .withNoCache(noCache));
        return RunSession.execute(store.location(), flags, gantry -> gantry.run(file, options));
    }
}
