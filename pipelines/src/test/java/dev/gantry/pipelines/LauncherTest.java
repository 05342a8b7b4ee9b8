package dev.gantry.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * This checkout's {@code ./gantry} as a user installs it: linked onto the PATH from another
 * directory, with nothing of the checkout on the PATH, running a pipeline of the built-in steps.
 */
class LauncherTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path dir;

    private Path bin;

    @BeforeEach
    void linkTheLauncherOntoAPath() throws Exception {
        bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("gantry"), ROOT.resolve("gantry"));
    }

    private record Result(int exitCode, String output) {}

    /** {@code gantry ARGS} in {@code dir}, found on a PATH of the link's directory and the system's. */
    private Result gantry(String... args) throws Exception {
        // Started by the link's path: the JDK looks programs up on its own PATH, not the child's.
        List<String> command = new ArrayList<>(List.of(bin.resolve("gantry").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("PATH", bin + ":/usr/local/bin:/usr/bin:/bin");
        builder.environment().remove("GANTRY_STORE");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Result(process.exitValue(), output);
    }

    @Test
    void versionNamesTheCommitTheCliWasBuiltFrom() throws Exception {
        Result version = gantry("--version");

        assertThat(version.exitCode()).as(version.output()).isZero();
        assertThat(version.output()).matches("(?s)gantry \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?, commit [0-9a-f]{10} of "
                + "\\d{4}-\\d\\d-\\d\\d( \\+ uncommitted changes)?\nJava \\S+ \\(.*\\)\n");
    }

    @Test
    void theBuiltInStepsRunWithNoSetUpAndAreKeyedByTheirJar() throws Exception {
        Files.writeString(dir.resolve("steps.yaml"), """
                name: builtin
                steps:
                  list:
                    command: [sh, -c, 'gantry-step list > ${outputs.names}']
                    outputs: {names: file}
                  help:
                    command: [gantry-step, list]
                """);

        Result run = gantry("run", "steps.yaml", "--executor", "local");
        Result names = gantry("artifact", "last", "list.names");
        Result explain = gantry("explain", "last", "help");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(names.output()).contains("ingest-csv").contains("train");
        assertThat(explain.output()).contains("builtin/target/gantry-step.jar");
    }
}
