package dev.gantry.engine.cli;

import dev.gantry.engine.Gantry;
import dev.gantry.engine.RunOptions;
import dev.gantry.engine.RunResult;
import dev.gantry.engine.plan.Selection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gantry run}: runs a pipeline file. */
@Command(name = "run", mixinStandardHelpOptions = true, description = {
    "Runs a pipeline. Steps whose inputs, code and parameters are unchanged come from the cache.",
    "Ctrl-C stops every running step and marks the run cancelled."})
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The pipeline file (YAML).")
    Path file;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE",
            description = "Overrides a pipeline parameter; repeat for more.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--from", paramLabel = "STEP",
            description = "Runs STEP and everything downstream of it; earlier steps must be in the cache.")
    String from;

    @Option(names = "--only", paramLabel = "STEP",
            description = "Runs STEP alone; the steps before it must be in the cache.")
    String only;

    @Option(names = "--no-cache", description = "Runs every selected step even if a cached result exists.")
    boolean noCache;

    @Option(names = "--verify", description = "Re-hashes cached objects before using them.")
    boolean verify;

    @Option(names = "--keep-going", description = "After a failure, finishes the steps that do not depend on it.")
    boolean keepGoing;

    @Option(names = {"-j", "--parallel"}, paramLabel = "N",
            description = "How many steps may run at once (default: the number of cores).")
    Optional<Integer> parallel = Optional.empty();

    @Option(names = "--json", description = "Prints one JSON object describing the run on stdout.")
    boolean json;

    @Mixin
    StoreOption store;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("pipeline file " + file + " does not exist");
        }
        if (from != null && only != null) {
            throw new UsageException("choose either --from or --only, not both");
        }
        if (parallel.isPresent() && parallel.get() < 1) {
            throw new UsageException("--parallel must be at least 1, was " + parallel.get());
        }
        boolean terminal = System.console() != null && !json && !"dumb".equals(System.getenv("TERM"));
        RunOptions options = RunOptions.defaults()
                .withSelection(new Selection(Optional.ofNullable(from), Optional.ofNullable(only)))
                .withNoCache(noCache)
                .withVerifyCache(verify)
                .withKeepGoing(keepGoing)
                .withListener(new ConsoleReporter(json ? System.err : System.out, terminal, true));
        options = options.withParallel(parallel.orElse(options.parallel()));
        for (Map.Entry<String, String> p : params.entrySet()) {
            options = options.withParam(p.getKey(), p.getValue());
        }
        try (Gantry gantry = Gantry.open(store.dir)) {
            RunResult result = runCancellably(gantry, options);
            if (json) {
                System.out.println(JsonReports.run(result));
            }
            return result.succeeded() ? ExitCodes.OK : ExitCodes.STEP_FAILED;
        }
    }

    /** Runs with a shutdown hook, so Ctrl-C kills the steps and records the run as cancelled. */
    private RunResult runCancellably(Gantry gantry, RunOptions options) {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            gantry.cancel();
            try {
                done.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cancel-run");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return gantry.run(file, options);
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: the run was cancelled and is now recorded.
            }
        }
    }
}
