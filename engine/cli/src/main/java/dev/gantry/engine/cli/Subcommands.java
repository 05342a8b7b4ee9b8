package dev.gantry.engine.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The subcommands of {@code gantry}, in the order help lists them. picocli reads every
 * subcommand's annotations by reflection when it is added, which loads the classes their
 * members name; for a command line that starts with a subcommand's name only that one is
 * added (after the global options {@code --log-level} and {@code --stacktrace}, if they come
 * first), which saves a few hundred milliseconds of every start. Anything else (help, another
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
        ALL.put("artifact", ArtifactCommand::new);
        ALL.put("compare", CompareCommand::new);
        ALL.put("lineage", LineageCommand::new);
        ALL.put("logs", LogsCommand::new);
        ALL.put("explain", ExplainCommand::new);
        ALL.put("scheduler", SchedulerCommand::new);
        ALL.put("schedules", SchedulesCommand::new);
        ALL.put("server", ServerCommand::new);
        ALL.put("verify", VerifyCommand::new);
        ALL.put("gc", GcCommand::new);
        ALL.put("tag", TagCommand::new);
        ALL.put("cleanup", CleanupCommand::new);
        ALL.put("store", StoreCommand::new);
        ALL.put("completion", CompletionCommand::new);
    }

    private Subcommands() {}

    /** Adds to {@code cli} the subcommands that {@code args} may need. */
    static void addTo(CommandLine cli, String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return; // the version needs no command
        }
        Supplier<Object> named = ALL.get(commandName(args));
        if (named != null) {
            cli.addSubcommand(named.get());
            return;
        }
        ALL.values().forEach(command -> cli.addSubcommand(command.get()));
        cli.addSubcommand(new CommandLine.HelpCommand());
    }

    /** The first of {@code args} after the global options that may come before a command; "" if none. */
    private static String commandName(String... args) {
        int i = 0;
        while (i < args.length) {
            if (args[i].equals("--log-level")) {
                i += 2;
            } else if (args[i].equals("--stacktrace") || args[i].startsWith("--log-level=")) {
                i++;
            } else {
                return args[i];
            }
        }
        return "";
    }
}
