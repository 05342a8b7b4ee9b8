package dev.gantry.engine.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real CLI in its own JVM on a pseudo-terminal, made by util-linux's {@code script},
 * and gives back the bytes the terminal received.
 */
final class TerminalRun {
    private TerminalRun() {}

    /** What the terminal received, and the CLI's exit code. */
    record Result(int exitCode, String output) {}

    /**
     * Runs {@code gantry ARGS} in {@code dir} on a terminal with {@code env} set (such as {@code
     * COLUMNS}), and {@code COLUMNS}, {@code LINES} and {@code NO_COLOR} unset unless it sets them.
     */
    static Result run(Path dir, Map<String, String> env, String... args) throws Exception {
        // Only what the test sets decides the size and the colour, whatever the environment of the build.
        StringBuilder command = new StringBuilder("unset COLUMNS LINES NO_COLOR\n");
        env.forEach((name, value) -> command.append("export ").append(name).append('=').append(quote(value)).append('\n'));
        command.append("exec ");
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.gantry.engine.cli.GantryCli"));
        java.addAll(List.of(args));
        java.forEach(word -> command.append(quote(word)).append(' '));
        Path typescript = Files.createTempFile(dir, "terminal", ".txt");
        Path launcher = dir.resolve("on-terminal.sh");
        Files.writeString(launcher, command + "\n");
        Process script = new ProcessBuilder("script", "-q", "-e", "-c", "sh " + quote(launcher.toString()),
                typescript.toString())
                .directory(dir.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        if (!script.waitFor(2, TimeUnit.MINUTES)) {
            script.destroyForcibly();
            throw new AssertionError("gantry on a terminal did not finish in two minutes");
        }
        return new Result(script.exitValue(), session(Files.readString(typescript, StandardCharsets.UTF_8)));
    }

    /** The typescript without the lines {@code script} adds before and after the session. */
    private static String session(String typescript) {
        String text = typescript;
        if (text.startsWith("Script started")) {
            text = text.substring(text.indexOf('\n') + 1);
        }
        int done = text.lastIndexOf("\nScript done on");
        return done >= 0 ? text.substring(0, done + 1) : text;
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
