package dev.gantry.pipelines;

import dev.gantry.engine.RequiredService;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Decides whether the benchmarks' quick modes run, skip, or (with {@code CI=true}) fail: the
 * scripts under {@code bench/} need Python 3, and between them GNU make, openssl and javac, on
 * the {@code PATH}.
 */
public final class BenchToolsCheck extends RequiredService {
    /** The programs the scripts run by name, besides the Gantry launcher and the docker CLI. */
    static final List<String> TOOLS = List.of("python3", "make", "openssl", "javac");

    public BenchToolsCheck() {
        super("benchmark quick modes", "Install " + String.join(", ", TOOLS) + " to run them",
                ".ci/run installs python3, make and openssl where they are missing");
    }

    @Override
    protected Optional<String> problem() {
        List<String> missing = TOOLS.stream().filter(tool -> !onPath(tool)).toList();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join(", ", missing) + (missing.size() == 1 ? " is" : " are")
                + " not on the PATH");
    }

    private static boolean onPath(String program) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, program)).anyMatch(Files::isExecutable);
    }
}
