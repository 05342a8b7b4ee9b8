package dev.gantry.engine.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.gantry.engine.GantryProcess;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real CLI given files that are neither pipeline files nor readable inputs: a FIFO, a
 * device, a directory, a file over the size limit. Each is refused at once with one message
 * that names it; nothing waits for a writer that never comes, and nothing reads forever.
 */
class BadInputFilesTest {
    /** A JVM start and a refusal; a hang would take forever. */
    private static final Duration AT_ONCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void runOfAFifoIsRefusedWithoutWaitingForAWriter() throws Exception {
        Path fifo = mkfifo(dir.resolve("pipe.yaml"));

        GantryProcess.Result result = gantry("run", "pipe.yaml");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).isEqualTo(
                "cannot read pipeline file pipe.yaml: it is a FIFO (named pipe), not a regular file\n1 problem\n");
        assertThat(fifo).exists();
    }

    @Test
    void validateOfADeviceIsRefusedWithoutReadingIt() throws Exception {
        GantryProcess.Result result = gantry("validate", "/dev/zero");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).isEqualTo(
                "cannot read pipeline file /dev/zero: it is a character device, not a regular file\n1 problem\n");
    }

    @Test
    void graphOfADirectoryIsRefused() throws Exception {
        Files.createDirectory(dir.resolve("folder.yaml"));

        GantryProcess.Result result = gantry("graph", "folder.yaml");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).isEqualTo("cannot read pipeline file folder.yaml: it is a directory\n1 problem\n");
    }

    @Test
    void aPipelineFileOverSixteenMebibytesIsRefusedWithoutReadingIt() throws Exception {
        try (RandomAccessFile huge = new RandomAccessFile(dir.resolve("huge.yaml").toFile(), "rw")) {
            huge.setLength(1L << 40);
        }

        GantryProcess.Result result = gantry("validate", "huge.yaml");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).isEqualTo("cannot read pipeline file huge.yaml: it holds 1099511627776 bytes, "
                + "more than the 16777216 (16 MiB) a pipeline file may hold\n1 problem\n");
    }

    @Test
    void aDeviceAsAHostInputFailsItsStepNamingTheInput() throws Exception {
        writePipeline("/dev/zero");

        GantryProcess.Result result = gantry("run", "p.yaml");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).contains("  failed   read  input 'raw': /dev/zero is a character device; "
                + "a host input must be a regular file or a directory\n");
    }

    @Test
    void aFifoAsAHostInputFailsItsStepWithoutWaitingForAWriter() throws Exception {
        mkfifo(dir.resolve("data.csv"));
        writePipeline("data.csv");

        GantryProcess.Result result = gantry("run", "p.yaml");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).contains("  failed   read  input 'raw': data.csv is a FIFO (named pipe); "
                + "a host input must be a regular file or a directory\n");
    }

    @Test
    void aHostInputDirectoryHoldingAFifoFailsItsStep() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data/part"));
        Files.writeString(data.resolve("a.csv"), "x\n1\n");
        mkfifo(data.resolve("stream"));
        writePipeline("data");

        GantryProcess.Result result = gantry("run", "p.yaml");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).contains("  failed   read  input 'raw': data holds a FIFO (named pipe), "
                + "part/stream; a host input directory may hold only regular files and directories\n");
    }

    @Test
    void aHostInputDirectoryOfPlainFilesStillRuns() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data/part"));
        Files.writeString(data.resolve("a.csv"), "x\n1\n");
        writePipeline("data");

        GantryProcess.Result result = gantry("run", "p.yaml");

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
    }

    private void writePipeline(String input) throws Exception {
        Files.writeString(dir.resolve("p.yaml"), """
                name: bad-inputs
                steps:
                  read:
                    command: [sh, -c, 'ls ${inputs.raw} > ${outputs.o}']
                    inputs: {raw: {path: %s}}
                    outputs: {o: file}
                """.formatted(input));
    }

    private GantryProcess.Result gantry(String... args) {
        return assertTimeoutPreemptively(AT_ONCE, () -> GantryProcess.run(dir, args));
    }

    private static Path mkfifo(Path path) throws Exception {
        assertThat(new ProcessBuilder("mkfifo", path.toString()).start().waitFor()).isZero();
        return path;
    }
}
