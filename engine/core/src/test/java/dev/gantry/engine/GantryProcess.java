package dev.gantry.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code gantry} CLI in its own JVM, as a user would, and captures what it prints. */
public final class GantryProcess {
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private GantryProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** What a finished CLI process printed, and its exit code. */
    public record Result(int exitCode, String stdout, String stderr) {}

    /** Starts {@code gantry ARGS} in {@code workdir} with extra environment variables. */
    public static GantryProcess start(Path workdir, Map<String, String> env, String... args) throws IOException {
        return start(List.of(), workdir, env, args);
    }

    /**
     * Starts {@code gantry ARGS} in {@code workdir} with extra environment variables and with
     * {@code plugins} (jars, such as an executor's) on its class path besides the CLI's own.
     */
    public static GantryProcess start(List<Path> plugins, Path workdir, Map<String, String> env, String... args)
            throws IOException {
        StringBuilder classPath = new StringBuilder(System.getProperty("java.class.path"));
        plugins.forEach(jar -> classPath.append(java.io.File.pathSeparator).append(jar));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-cp", classPath.toString(),
                "dev.gantry.engine.cli.GantryCli"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("gantry-stdout", ".txt");
        Path err = Files.createTempFile("gantry-stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workdir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        return new GantryProcess(pb.start(), out, err);
    }

    /** Runs {@code gantry ARGS} in {@code workdir} and waits for it. */
    public static Result run(Path workdir, Map<String, String> env, String... args) throws Exception {
        return start(workdir, env, args).finish();
    }

    public static Result run(Path workdir, String... args) throws Exception {
        return run(workdir, Map.of(), args);
    }

    /** The process, to signal it. */
    public Process process() {
        return process;
    }

    /** What the process has printed on stdout so far. */
    public String stdoutSoFar() throws IOException {
        return Files.readString(stdout);
    }

    /** Waits (at most two minutes) and reads what the process printed. */
    public Result finish() throws Exception {
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("gantry did not finish in two minutes; stderr: " + Files.readString(stderr));
        }
        Result result = new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
        return result;
    }
}
