package dev.gantry.engine.cli;

import dev.gantry.engine.api.RunOptions;
import dev.gantry.engine.cli.progress.ProgressDisplay;
import dev.gantry.engine.cli.progress.ProgressMode;
import dev.gantry.engine.cli.progress.RunDisplay;
import dev.gantry.engine.cli.progress.Verbosity;
import dev.gantry.spec.ExecutorChoice;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The options that {@code run}, {@code rerun} and {@code resume} share. */
// Without the annotation picocli would read the annotations of every method, looking for subcommands.
@Command(addMethodSubcommands = false)
final class RunFlags {
    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE",
            description = "Overrides a pipeline parameter; repeat for more.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--verify", description = "Re-hashes cached objects, and host input files, before using them.")
    boolean verify;

    @Option(names = "--keep-going", description = "After a failure, finishes the steps that do not depend on it.")
    boolean keepGoing;

    @Option(names = {"-j", "--parallel"}, paramLabel = "N",
            description = "How many steps may run at once (default: the executor's: the number of cores for"
                    + " local and docker, many more for a cluster's, whose scheduler queues them).")
    Optional<Integer> parallel = Optional.empty();

    @Option(names = "--json", description = "Prints one JSON object describing the run on stdout.")
    boolean json;

    @Option(names = "--executor", paramLabel = "KIND",
            description = "Where steps run: an installed executor, such as local (host processes), docker (each in"
                    + " a container), slurm or kubernetes; or auto (Docker when the daemon answers and every step"
                    + " has an image). Default: the settings file's 'executor:', else the pipeline's, else auto.")
    String executor;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The settings file, which names the executor to use and holds each executor's settings"
                    + " (default: gantry.yaml beside the store directory, if there is one).")
    Optional<Path> config = Optional.empty();

    @Option(names = {"-q", "--quiet"}, description = "Shows only failed steps, with the end of their logs, and the summary.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"},
            description = "Shows every line the steps print, after the step's name, on a terminal too.")
    boolean verbose;

    @Option(names = "--progress", paramLabel = "auto|tty|plain", defaultValue = "auto",
            description = "How the run is shown: auto (default) draws live progress on a terminal and plain lines"
                    + " elsewhere; tty draws it wherever the output goes; plain prints lines even on a terminal.")
    String progress;

    /** {@code base} with these flags applied. */
    RunOptions apply(RunOptions base) {
        if (parallel.isPresent() && parallel.get() < 1) {
            throw new UsageException("--parallel must be at least 1, was " + parallel.get());
        }
        RunOptions options = base.withVerifyCache(verify).withKeepGoing(keepGoing);
        if (parallel.isPresent()) {
            options = options.withParallel(parallel.get());
        }
        for (Map.Entry<String, String> p : params.entrySet()) {
            options = options.withParam(p.getKey(), p.getValue());
        }
        if (executor != null) {
            // Whether an executor of this name is installed is the engine's to say, with the ones that are.
            options = options.withExecutor(ExecutorChoice.parse(executor).orElseThrow(() -> new UsageException(
                    "invalid executor '" + executor + "' for --executor (an executor's name is lower-case letters,"
                            + " digits and '-', such as local, docker or auto)")));
        }
        return options;
    }

    /**
     * The progress display of the run: on standard output, or on standard error with
     * {@code --json} (standard output is the report's); live on a terminal.
     */
    RunDisplay display() {
        if (quiet && verbose) {
            throw new UsageException("choose either --quiet or --verbose, not both");
        }
        ProgressMode mode = ProgressMode.parse(progress).orElseThrow(() -> new UsageException(
                "--progress " + progress + ": use auto, tty or plain"));
        Verbosity verbosity = quiet ? Verbosity.QUIET : verbose ? Verbosity.VERBOSE : Verbosity.NORMAL;
        return json ? ProgressDisplay.create(System.err, 2, mode, verbosity, System.getenv())
                : ProgressDisplay.create(System.out, 1, mode, verbosity, System.getenv());
    }
}
