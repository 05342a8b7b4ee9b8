package dev.gantry.yaml;

import static dev.gantry.yaml.PipelineFiles.problemsReading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are no pipeline files are refused at once, before they are opened, and never read whole. */
class PipelineFileTextTest {
    private static final Duration AT_ONCE = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void refusesAFifoWithoutWaitingForAWriter() throws Exception {
        Path fifo = dir.resolve("pipe.yaml");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

        assertThat(problems(fifo)).containsExactly(
                "cannot read pipeline file " + fifo + ": it is a FIFO (named pipe), not a regular file");
    }

    @Test
    void refusesADeviceWithoutReadingIt() {
        Path zero = Path.of("/dev/zero");

        assertThat(problems(zero)).containsExactly(
                "cannot read pipeline file /dev/zero: it is a character device, not a regular file");
    }

    @Test
    void refusesALinkToADevice() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("zero.yaml"), Path.of("/dev/zero"));

        assertThat(problems(link)).containsExactly(
                "cannot read pipeline file " + link + ": it is a character device, not a regular file");
    }

    @Test
    void refusesAFileOverSixteenMebibytes() throws Exception {
        Path huge = dir.resolve("huge.yaml");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(PipelineFileText.MAX_BYTES + 1L);
        }

        assertThat(problems(huge)).containsExactly("cannot read pipeline file " + huge
                + ": it holds 16777217 bytes, more than the 16777216 (16 MiB) a pipeline file may hold");
    }

    @Test
    void readsAFileOfExactlySixteenMebibytes() throws Exception {
        Path large = dir.resolve("large.yaml");
        byte[] text = new byte[PipelineFileText.MAX_BYTES];
        java.util.Arrays.fill(text, (byte) '\n');
        byte[] start = "name: large\n#".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        System.arraycopy(start, 0, text, 0, start.length);
        Files.write(large, text);

        assertThat(PipelineFileText.read(large)).hasSize(PipelineFileText.MAX_BYTES).startsWith("name: large");
    }

    @Test
    void namesTheMissingTargetOfABrokenLink() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("gone.yaml"), dir.resolve("moved.yaml"));

        assertThat(problems(link)).containsExactly("cannot read pipeline file " + link
                + ": it is a symbolic link to " + dir.resolve("moved.yaml") + ", which does not exist");
    }

    private static List<String> problems(Path file) {
        return assertTimeoutPreemptively(AT_ONCE, () -> problemsReading(file));
    }
}
