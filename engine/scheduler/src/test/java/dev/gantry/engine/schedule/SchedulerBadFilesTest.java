package dev.gantry.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.gantry.engine.api.StoreLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler's watcher beside files that are no pipeline files: each is reported once in
 * its log, none is opened in a way that could hang, and the good pipeline beside them is
 * scheduled.
 */
class SchedulerBadFilesTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

    @Test
    void reportsEveryBadFileOnceAndSchedulesTheGoodOne() throws Exception {
        Path pipelines = Files.createDirectories(dir.resolve("pipelines"));
        Files.writeString(pipelines.resolve("good.yaml"), """
                name: good
                schedule: {cron: "0 0 3 * * ?"}
                steps:
                  work:
                    command: [sh, -c, 'true']
                """);
        run("mkfifo", pipelines.resolve("fifo.yaml").toString());
        // A device node of its own: the same as /dev/null.
        run("mknod", pipelines.resolve("device.yaml").toString(), "c", "1", "3");
        try (RandomAccessFile huge = new RandomAccessFile(pipelines.resolve("huge.yaml").toFile(), "rw")) {
            huge.setLength(17L * 1024 * 1024);
        }
        // Every read of this file fails, even for root: a process's memory at address 0 is never mapped.
        Files.createSymbolicLink(pipelines.resolve("unreadable.yaml"), Path.of("/proc/self/mem"));
        Files.createSymbolicLink(pipelines.resolve("broken.yaml"), pipelines.resolve("moved.yaml"));
        Files.createDirectory(pipelines.resolve("folder.yaml"));

        String log = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            SchedulerLog schedulerLog = new SchedulerLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8));
            try (SchedulerDaemon daemon = new SchedulerDaemon(StoreLocation.embedded(dir.resolve("store")),
                    List.of(pipelines), Duration.ofMillis(100), SchedulerDaemon.OnStop.FINISH, schedulerLog)) {
                daemon.start();
                assertThat(daemon.scheduled()).containsOnlyKeys("good");
                // Several rescans, each of which meets every bad file again.
                Thread.sleep(600);
                assertThat(daemon.scheduled()).containsOnlyKeys("good");
            }
            return logBytes.toString(StandardCharsets.UTF_8);
        });

        List<String> ignored = Arrays.stream(log.split("\n")).filter(l -> l.contains(" ignored: "))
                .map(l -> l.substring(l.indexOf(" ignored: ") + 1)).toList();
        String at = pipelines.toRealPath() + "/";
        assertThat(ignored).containsExactly(
                "ignored: " + at + "broken.yaml: cannot read: it is a symbolic link to " + pipelines.resolve("moved.yaml")
                        + ", which does not exist",
                "ignored: " + at + "device.yaml: cannot read: it is a character device, not a regular file",
                "ignored: " + at + "fifo.yaml: cannot read: it is a FIFO (named pipe), not a regular file",
                "ignored: " + at + "folder.yaml: cannot read: it is a directory",
                "ignored: " + at + "huge.yaml: cannot read: it holds 17825792 bytes, more than the 16777216 (16 MiB)"
                        + " a pipeline file may hold",
                "ignored: " + at + "unreadable.yaml: cannot read: Input/output error");
        assertThat(log).contains("good: scheduled from " + at + "good.yaml");
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
    }
}
