package dev.gantry.steps.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts {@code gantry-step serve} and {@code gantry-step proxy} as detached processes: in their
 * own session (through {@code setsid} where there is one, so the pipeline's Ctrl-C or process
 * group kill does not reach them), reading nothing, writing a log file, on the same Java and
 * class path as this process. A started server reports its port in a ready file.
 */
final class ServerProcess {
    /** The main class every server process runs. */
    static final String MAIN_CLASS = "dev.gantry.steps.cli.GantryStep";
    /**
     * The JVM flag that marks a server process, so a recorded pid is stopped only while it is
     * still one. It comes first on the command line because Java shows only its first 4,096
     * characters, and the class path can be longer.
     */
    static final String MARKER = "-Dgantry.server=true";
    private static final Duration POLL = Duration.ofMillis(50);
    /** The variable by which Gantry's local executor knows the processes of a step's attempt. */
    static final String ATTEMPT_TOKEN_VARIABLE = "GANTRY_ATTEMPT_TOKEN";

    private ServerProcess() {}

    /**
     * Starts {@code gantry-step ARGS... --ready-file READY} and waits until the ready file appears
     * and {@code GET /health} on the port it names answers 200.
     *
     * The launch's flags follow the arguments, and its token goes into the process's environment
     * (and into the health check), never onto its command line.
     *
     * @throws ServingException when the process exits first or the timeout passes (then it is killed)
     */
    static ServingState.Endpoint start(List<String> args, ServerLaunch launch, Path ready, Path log, Duration timeout,
            String what) throws IOException {
        Files.deleteIfExists(ready);
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(MARKER);
        command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN_CLASS);
        command.addAll(args);
        command.addAll(launch.flags());
        command.add("--ready-file");
        command.add(ready.toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        // Only the launch's token reaches the server: not one this process inherited, nor a
        // GANTRY_PARAM_TOKEN, which the server would prefer to it.
        builder.environment().remove(ServerSteps.TOKEN.environmentVariable());
        builder.environment().remove(ServerAccess.TOKEN_VARIABLE);
        // The server is meant to outlive the step that starts it. Gantry ends every process of a
        // local step when the step ends, and knows them by this variable among other things; a
        // server in a session of its own, without it, is no longer the step's once the step exits.
        builder.environment().remove(ATTEMPT_TOKEN_VARIABLE);
        launch.token().ifPresent(token -> builder.environment().put(ServerAccess.TOKEN_VARIABLE, token));
        Process process = builder
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ServingState.Endpoint> endpoint = ServingState.read(ready);
            if (endpoint.isPresent() && Http.getOk(endpoint.get().url() + "/health", Duration.ofSeconds(2),
                    launch.token()).isPresent()) {
                return endpoint.get();
            }
            if (!process.isAlive()) {
                throw new ServingException(what + " exited with code " + process.exitValue()
                        + " before it was healthy; the end of its log, " + log + ":\n" + tail(log));
            }
            sleep(POLL);
        }
        stop(process.pid(), Duration.ofSeconds(5));
        throw new ServingException(what + " was not healthy within " + timeout.toSeconds()
                + " s, so it was stopped; the end of its log, " + log + ":\n" + tail(log));
    }

    /**
     * Stops a server process: SIGTERM, which lets it finish the requests in progress, then SIGKILL
     * after the grace period. A pid whose process is not a Gantry server is left alone.
     */
    static void stop(long pid, Duration grace) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !isServer(handle.get())) {
            return;
        }
        handle.get().destroy();
        try {
            handle.get().onExit().get(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            handle.get().destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            handle.get().destroyForcibly();
        }
    }

    /** Returns whether the pid belongs to a live Gantry server process. */
    static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(ServerProcess::isServer).isPresent();
    }

    private static boolean isServer(ProcessHandle handle) {
        return handle.info().commandLine().map(line -> line.contains(MARKER)).orElse(false);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(the log cannot be read: " + e.getMessage() + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServingException("interrupted while waiting for a server to start");
        }
    }
}
