package dev.gantry.engine.cli;

import dev.gantry.engine.schedule.SchedulerDaemon;
import dev.gantry.engine.schedule.SchedulerLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gantry scheduler}: runs scheduled pipelines until stopped. */
@Command(name = "scheduler", addMethodSubcommands = false, mixinStandardHelpOptions = true, description = {
    "Runs the scheduled pipelines of the given files and directories at their times.",
    "It runs until stopped (Ctrl-C or SIGTERM); added, changed and removed files are picked up"
        + " as they change."
})
final class SchedulerCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Pipeline files, or directories to search for them.")
    List<Path> paths;

    @Mixin
    PollOption poll;

    @Option(names = "--on-stop", paramLabel = "finish|cancel", defaultValue = "finish",
            description = "Whether runs in progress finish or are cancelled when the scheduler stops "
                    + "(default: ${DEFAULT-VALUE}).")
    String onStop;

    @Mixin
    StoreOption store;

    @Override
    public Integer call() throws InterruptedException {
        Duration interval = poll.interval();
        SchedulerDaemon.OnStop stop = switch (onStop) {
            case "finish" -> SchedulerDaemon.OnStop.FINISH;
            case "cancel" -> SchedulerDaemon.OnStop.CANCEL;
            default -> throw new UsageException("--on-stop " + onStop + ": use finish or cancel");
        };
        SchedulerDaemon daemon = new SchedulerDaemon(store.location(), paths, interval, stop, new SchedulerLog(System.out));
        daemon.start();
        UntilStopped.await(daemon, "stop-scheduler");
        return ExitCodes.OK;
    }
}
