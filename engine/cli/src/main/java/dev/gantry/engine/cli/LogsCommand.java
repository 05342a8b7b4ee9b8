package dev.gantry.engine.cli;

import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.AttemptRecord;
import dev.gantry.engine.api.RunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gantry logs}: prints the log of a step of a run. */
@Command(name = "logs", addMethodSubcommands = false, mixinStandardHelpOptions = true, description = "Prints the log of one step of a run.")
final class LogsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN", description = RunNames.RUN)
    String runId;

    @Parameters(index = "1", paramLabel = "STEP", description = "The step.")
    String step;

    @Option(names = "--attempt", paramLabel = "N", description = "Which attempt (default: the last).")
    Optional<Integer> attempt = Optional.empty();

    @Option(names = {"-f", "--follow"}, description = {
        "Follows the log while the step runs, and a retry's log after it, until the step ends."})
    boolean follow;

    @Mixin
    StoreOption store;

    @Override
    public Integer call() throws IOException, InterruptedException {
        try (RunHistory runs = store.openHistory()) {
            RunRecord run = store.findRun(runs, runId);
            if (runs.steps(run.id()).stream().noneMatch(s -> s.step().equals(step))) {
                throw new UsageException("run " + run.id() + " has no step '" + step + "'");
            }
            if (follow) {
                new LogFollow(runs, run.id(), step, attempt).run(System.out);
                return ExitCodes.OK;
            }
            List<Path> logs = runs.logs(run.id(), step);
            List<AttemptRecord> attempts = runs.attempts(run.id(), step);
            if (logs.isEmpty()) {
                AttemptRecord last = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
                if (last != null && last.exitCode().isEmpty() && last.message().isPresent()) {
                    throw new UsageException("attempt " + last.attempt() + " of step '" + step + "' wrote no log: "
                            + last.message().get());
                }
                if (!attempts.isEmpty()) {
                    throw new UsageException("the log " + last.logPath() + " is gone (was the run directory deleted?)");
                }
                throw new UsageException("step '" + step + "' of run " + run.id()
                        + " has no log: it has not started (see 'gantry show " + run.id() + "')");
            }
            int n = attempt.orElse(logs.size());
            if (n < 1 || n > logs.size()) {
                throw new UsageException("step '" + step + "' has no attempt " + n + "; it made " + logs.size());
            }
            try (var in = Files.newInputStream(logs.get(n - 1))) {
                in.transferTo(System.out);
            }
            System.out.flush();
            return ExitCodes.OK;
        }
    }
}
