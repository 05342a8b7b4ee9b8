package dev.gantry.steps.cli;

import dev.gantry.steps.sdk.Step;
import dev.gantry.steps.sdk.StepContext;
import dev.gantry.steps.sdk.StepException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The {@code gantry-step} entry point: {@code gantry-step list}, {@code gantry-step NAME --help}
 * and {@code gantry-step NAME --flag value ...}. Exit codes: 0 success, 1 the step failed, 2
 * invalid usage, 3 an internal error. A failure prints one message, and a stack trace only with
 * {@code --stacktrace}.
 */
public final class GantryStep {
    /** The exit code of an unexpected failure, a bug rather than bad input. */
    public static final int INTERNAL_ERROR = 3;

    private GantryStep() {}

    /** Runs the command line and exits with its code; the JVM needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED}. */
    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /**
     * Runs a command line without exiting, for tests and embedding.
     *
     * @return the exit code
     */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        List<Step> steps = BuiltInSteps.all();
        CommandLine commandLine = commandLine(steps, out, err);
        ParseResult parsed;
        try {
            parsed = commandLine.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            err.println(command + ": " + e.getMessage() + " (see '" + command + " --help')");
            return StepException.USAGE;
        }
        if (CommandLine.printHelpIfRequested(parsed)) {
            return 0;
        }
        if (!parsed.hasSubcommand()) {
            commandLine.usage(out);
            return StepException.USAGE;
        }
        ParseResult sub = parsed.subcommand();
        boolean stacktrace = parsed.hasMatchedOption("--stacktrace") || sub.hasMatchedOption("--stacktrace");
        if (sub.commandSpec().name().equals("list")) {
            steps.forEach(step -> out.printf("%-14s %s%n", step.name(), step.summary()));
            return 0;
        }
        Step step = (Step) sub.commandSpec().userObject();
        return runStep(step, givenFlags(sub), environment, err, stacktrace);
    }

    private static int runStep(Step step, Map<String, List<String>> given, Map<String, String> environment,
            PrintStream err, boolean stacktrace) {
        String prefix = "gantry-step " + step.name() + ": ";
        try (StepContext context = StepContext.of(given, environment, err)) {
            step.run(context);
            return 0;
        } catch (StepException e) {
            err.println(prefix + e.getMessage());
            printTrace(e, err, stacktrace);
            return e.exitCode();
        } catch (IOException e) {
            err.println(prefix + "I/O error: " + e);
            printTrace(e, err, stacktrace);
            return StepException.FAILED;
        } catch (RuntimeException | Error e) {
            err.println(prefix + "internal error: " + e + (stacktrace ? "" : " (rerun with --stacktrace to see where)"));
            printTrace(e, err, stacktrace);
            return INTERNAL_ERROR;
        }
    }

    private static Map<String, List<String>> givenFlags(ParseResult sub) {
        Map<String, List<String>> given = new HashMap<>();
        for (OptionSpec option : sub.matchedOptions()) {
            String name = option.longestName().substring(2);
            if (name.equals("stacktrace") || name.equals("help") || name.equals("version")) {
                continue;
            }
            Object value = option.getValue();
            if (value instanceof List) {
                List<String> values = new java.util.ArrayList<>();
                for (Object item : (List<?>) value) {
                    values.add(String.valueOf(item));
                }
                given.put(name, values);
            } else {
                given.put(name, List.of(String.valueOf(value)));
            }
        }
        return given;
    }

    private static CommandLine commandLine(List<Step> steps, PrintStream out, PrintStream err) {
        CommandSpec top = CommandSpec.create().name("gantry-step").version("gantry-step 0.1.0");
        top.usageMessage()
                .description("Runs one of Gantry's built-in ML steps. 'gantry-step list' shows them; "
                        + "'gantry-step NAME --help' shows a step's flags.")
                .commandListHeading("%nCommands:%n");
        top.mixinStandardHelpOptions(true);
        top.addOption(OptionSpec.builder("--stacktrace")
                .description("Print the stack trace of a failure.")
                .arity("0")
                .type(boolean.class)
                .scopeType(CommandLine.ScopeType.INHERIT)
                .build());
        CommandLine commandLine = new CommandLine(top);
        CommandSpec list = CommandSpec.create().name("list");
        list.usageMessage().description("Lists the built-in steps.");
        list.mixinStandardHelpOptions(true);
        commandLine.addSubcommand("list", new CommandLine(list));
        for (Step step : steps) {
            commandLine.addSubcommand(step.name(), new CommandLine(StepCommands.commandFor(step)));
        }
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine;
    }

    private static void printTrace(Throwable e, PrintStream err, boolean stacktrace) {
        if (stacktrace) {
            e.printStackTrace(err);
        }
    }
}
