package dev.gantry.engine.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The subcommands of {@code gantry}, in the order help lists them. picocli reads every
 * subcommand's annotations by reflection when it is added, which loads the classes their
 * members name; for a command line that starts with a subcommand's name only that one is
 * added, which saves a few hundred milliseconds of every start. Anything else (help, an
 * option first, a typo that deserves a suggestion) gets all of them.
 */
final class Subcommands {
    private static final Map<String, Supplier<Object>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("run", RunCommand::new);
        ALL.put("rerun", RerunCommand::new);
        ALL.put("resume", ResumeCommand::new);
        ALL.put("validate", ValidateCommand::new);
        ALL.put("graph", GraphCommand::new);
        ALL.put("runs", RunsCommand::new);
        ALL.put("show", ShowCommand::new);
        ALL.put("logs", LogsCommand::new);
        ALL.put("explain", ExplainCommand::new);
        ALL.put("scheduler", SchedulerCommand::new);
        ALL.put("schedules", SchedulesCommand::new);
        ALL.put("verify", VerifyCommand::new);
        ALL.put("cleanup", CleanupCommand::new);
        ALL.put("store", StoreCommand::new);
    }

    private Subcommands() {}

    /** Adds to {@code cli} the subcommands that {@code args} may need. */
    static void addTo(CommandLine cli, String... args) {
        Supplier<Object> named = args.length > 0 ? ALL.get(args[0]) : null;
        if (named != null) {
            cli.addSubcommand(named.get());
            return;
        }
        ALL.values().forEach(command -> cli.addSubcommand(command.get()));
        cli.addSubcommand(new CommandLine.HelpCommand());
    }
}
