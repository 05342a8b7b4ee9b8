package dev.gantry.engine.cli;

import dev.gantry.engine.docker.DockerExecutorProvider;
import dev.gantry.engine.internal.local.LocalExecutorProvider;
import dev.gantry.engine.internal.run.ExecutorSelection;
import dev.gantry.engine.slurm.SlurmExecutorProvider;
import dev.gantry.error.GantryException;
import dev.gantry.validation.InvalidPipelineException;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code gantry} command. */
@Command(name = "gantry", addMethodSubcommands = false,
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Runs ML pipelines of container steps, with a content-hash cache.",
        footer = {"", "Exit codes: 0 success, 1 a step failed, 2 invalid usage or input, 3 an internal error or a damaged store."})
public final class GantryCli implements Runnable {
    @Option(names = "--stacktrace", scope = CommandLine.ScopeType.INHERIT,
            description = "Print the stack trace of an error.")
    boolean stacktrace;

    @Option(names = "--log-level", scope = CommandLine.ScopeType.INHERIT, paramLabel = "LEVEL",
            description = "What the engine logs on stderr: debug, info, warn, error or off "
                    + "(default: $GANTRY_LOG, else warn).")
    String logLevel;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "choose a command, such as 'gantry run FILE'");
    }

    public static void main(String[] args) {
        preferFastProcessLaunch();
        skipClassPathScans();
        System.exit(execute(args));
    }

    /**
     * Keeps libraries from searching the whole class path at start. picocli looks for
     * Groovy's closure class, SLF4J for its provider and the engine for its executors through
     * service loaders: each makes the JVM open and index every jar of the CLI's {@code lib/}
     * (a twentieth of a second), where a local run needs a dozen of them. The CLI's one SLF4J provider is
     * slf4j-simple's; its settings file is in the CLI's own jar, the first on the class path, so
     * looking for it opens no other.
     */
    private static void skipClassPathScans() {
        setIfAbsent("picocli.disable.closures", "true");
        // Started as 'java -jar gantry.jar', the class path is what the jar was built with, so
        // its executors are known; with more on the class path (a plug-in), they are looked for.
        String classPath = System.getProperty("java.class.path", "");
        if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
            // The Kubernetes executor is a run-time dependency alone: named, not referred to.
            setIfAbsent(ExecutorSelection.PROVIDERS_PROPERTY, LocalExecutorProvider.class.getName() + ","
                    + DockerExecutorProvider.class.getName() + "," + SlurmExecutorProvider.class.getName()
                    + ",dev.gantry.engine.kubernetes.KubernetesExecutorProvider");
        }
        setIfAbsent("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
        // Otherwise SLF4J says on stderr which provider it was told to use.
        setIfAbsent("slf4j.internal.verbosity", "WARN");
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /**
     * Starts step processes with vfork where the JDK still offers it without a warning (up
     * to Java 22): it takes about half the time of the default helper-based posix_spawn,
     * which matters when a pipeline has thousands of short steps. It must be set before the
     * first process starts.
     */
    private static void preferFastProcessLaunch() {
        if (Runtime.version().feature() < 23 && System.getProperty("os.name").startsWith("Linux")) {
            setIfAbsent("jdk.lang.Process.launchMechanism", "VFORK");
        }
    }

    /** Runs the CLI and returns its exit code. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new GantryCli());
        Subcommands.addTo(cli, args);
        cli.setExecutionExceptionHandler(GantryCli::handle);
        cli.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("error: " + UsageMistakes.describe(ex));
            err.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCodes.INVALID_INPUT;
        });
        cli.setExecutionStrategy(new LoggingFirst());
        return cli.execute(args);
    }

    /**
     * Runs the command picocli's way, once the log level is set. A class rather than a lambda:
     * the launcher's class-data archive keeps it, and picocli's own classes with it.
     */
    private static final class LoggingFirst implements CommandLine.IExecutionStrategy {
        @Override
        public int execute(CommandLine.ParseResult parsed) {
            configureLogging(parsed);
            return new CommandLine.RunLast().execute(parsed);
        }
    }

    /**
     * Sets the log level from {@code --log-level} (given before the command or after it) or
     * {@code GANTRY_LOG}, once the command line is parsed and before the command runs: nothing
     * has logged yet, so the binding reads the level when it starts.
     */
    private static void configureLogging(CommandLine.ParseResult parsed) {
        Optional<String> flag = Optional.empty();
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--log-level")) {
                flag = Optional.of(p.matchedOptionValue("--log-level", ""));
            }
        }
        boolean daemon = parsed.subcommand() != null && parsed.subcommand().commandSpec().name().equals("scheduler");
        try {
            Logging.configure(flag, Optional.ofNullable(System.getenv("GANTRY_LOG")), daemon);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(parsed.commandSpec().commandLine(), e.getMessage());
        }
    }

    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean trace = parsed.hasMatchedOption("--stacktrace")
                || (parsed.subcommand() != null && parsed.subcommand().hasMatchedOption("--stacktrace"));
        int code;
        if (e instanceof InvalidPipelineException invalid) {
            invalid.problems().forEach(p -> err.println(p));
            err.println(invalid.problems().size() == 1 ? "1 problem" : invalid.problems().size() + " problems");
            code = invalid.exitCode();
        } else if (e instanceof GantryException problem) {
            // Each kind of problem knows its exit code: bad input is 2, a store that fails is 3.
            err.println("error: " + problem.getMessage());
            code = problem.exitCode();
        } else {
            err.println("internal error: " + e + (trace ? "" : " (run again with --stacktrace for details)"));
            code = ExitCodes.INTERNAL_ERROR;
        }
        if (trace) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }
}
