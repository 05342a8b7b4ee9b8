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
    @Parameters(index = "0", paramLabel = "RUN", description = "A run id, a unique prefix of one, or 'last'.")
    String runId;

    @Parameters(index = "1", paramLabel = "STEP", description = "The step.")
    String step;

    @Option(names = "--attempt", paramLabel = "N", description = "Which attempt (default: the last).")
    Optional<Integer> attempt = Optional.empty();

    @Mixin
    StoreOption store;

    @Override
    public Integer call() throws IOException {
        try (RunHistory runs = store.openHistory()) {
            RunRecord run = store.findRun(runs, runId);
            if (runs.steps(run.id()).stream().noneMatch(s -> s.step().equals(step))) {
                throw new UsageException("run " + run.id() + " has no step '" + step + "'");
            }
            List<AttemptRecord> attempts = runs.attempts(run.id(), step);
            if (attempts.isEmpty()) {
                throw new UsageException("step '" + step + "' of run " + run.id()
                        + " has no log: it did not run (see 'gantry show " + run.id() + "')");
            }
            AttemptRecord chosen = attempt.map(n -> attempts.stream().filter(a -> a.attempt() == n).findFirst()
                    .orElseThrow(() -> new UsageException("step '" + step + "' has no attempt " + n
                            + "; it made " + attempts.size())))
                    .orElse(attempts.get(attempts.size() - 1));
            Path log = Path.of(chosen.logPath());
            if (!Files.exists(log)) {
                if (chosen.exitCode().isEmpty() && chosen.message().isPresent()) {
                    throw new UsageException("attempt " + chosen.attempt() + " of step '" + step
                            + "' wrote no log: " + chosen.message().get());
                }
                throw new UsageException("the log " + log + " is gone (was the run directory deleted?)");
            }
            try (var in = Files.newInputStream(log)) {
                in.transferTo(System.out);
            }
            System.out.flush();
            return ExitCodes.OK;
        }
    }
}
