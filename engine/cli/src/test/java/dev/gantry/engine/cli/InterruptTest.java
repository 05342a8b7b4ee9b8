package dev.gantry.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.GantryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) and SIGTERM on {@code gantry run}: the run and the step it stopped end
 * {@code cancelled}, and the process exits as a program stopped by that signal does, 130 or 143.
 */
class InterruptTest {
    @TempDir
    Path dir;

    @Test
    void ctrlCCancelsTheRunAndItsStepAndExits130() throws Exception {
        assertCancelledBy("INT", 130);
    }

    @Test
    void sigtermCancelsTheRunAndItsStepAndExits143() throws Exception {
        assertCancelledBy("TERM", 143);
    }

    private void assertCancelledBy(String signal, int exitCode) throws Exception {
        Files.writeString(dir.resolve("nap.yaml"), """
                name: nap
                steps:
                  nap:
                    command: [sh, -c, 'echo napping; exec sleep 60']
                """);
        GantryProcess run = GantryProcess.start(dir, Map.of(), "run", "nap.yaml");
        awaitStarted();
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(run.process().pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        GantryProcess.Result result = run.finish();
        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(exitCode);
        assertThat(result.stdout()).contains("cancelled: 0 ran, 0 cached, 1 not run");
        GantryProcess.Result show = GantryProcess.run(dir, "show", "last", "--json");
        assertThat(show.stdout()).contains("\"status\" : \"cancelled\"");
        assertThat(show.stdout().replaceAll("\\s+", " ")).contains("\"name\" : \"nap\", \"status\" : \"cancelled\"");
    }

    /** Waits until the step has written its first line, so the signal stops a running step. */
    private void awaitStarted() throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            GantryProcess.Result logs = GantryProcess.run(dir, "logs", "last", "nap");
            if (logs.stdout().startsWith("napping")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the step did not start within a minute");
    }
}
