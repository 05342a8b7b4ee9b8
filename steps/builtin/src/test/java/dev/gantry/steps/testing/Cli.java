package dev.gantry.steps.testing;

import dev.gantry.steps.cli.GantryStep;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Runs {@code gantry-step} in-process, capturing its exit code and output, for tests. */
public final class Cli {
    /** What one run printed and returned. */
    public record Result(int exitCode, String out, String err) {
        /** Returns the run's standard error without its trailing newline. */
        public String errLine() {
            return err.stripTrailing();
        }
    }

    private Cli() {}

    /** Runs a command line with an empty environment. */
    public static Result run(String... args) {
        return run(Map.of(), args);
    }

    /** Runs a command line with the given environment. */
    public static Result run(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = GantryStep.run(args, environment, outStream, errStream);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Returns the breast cancer data set of the samples module. */
    public static Path breastCancer() {
        return Path.of("..", "..", "samples", "data", "breast_cancer.csv").toAbsolutePath().normalize();
    }
}
