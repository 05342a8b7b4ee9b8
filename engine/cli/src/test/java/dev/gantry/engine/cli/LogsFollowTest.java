package dev.gantry.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.GantryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gantry logs --follow} on a step that is still writing, in real processes. */
class LogsFollowTest {
    @TempDir
    Path dir;

    @Test
    void followsARunningStepToItsEndAndARetrysLogAfterIt() throws Exception {
        Files.writeString(dir.resolve("talk.yaml"), """
                name: talk
                steps:
                  talk:
                    command: [sh, -c, 'for i in 1 2 3 4; do echo "line $i"; sleep 0.6; done; [ -e again ] || { touch again; exit 1; }']
                    retry: {attempts: 2}
                """);
        GantryProcess run = GantryProcess.start(dir, Map.of(), "run", "talk.yaml");
        GantryProcess.Result early = waitForLog(run);
        assertThat(early.exitCode()).as(early.stderr()).isZero();
        assertThat(early.stdout()).startsWith("line 1");

        GantryProcess follower = GantryProcess.start(dir, Map.of(), "logs", "last", "talk", "--follow");
        assertThat(run.process().isAlive()).as("the step still runs as the follower starts").isTrue();
        GantryProcess.Result followed = follower.finish();
        assertThat(followed.exitCode()).as(followed.stderr()).isZero();
        assertThat(followed.stdout()).isEqualTo("line 1\nline 2\nline 3\nline 4\n"
                + "[gantry] attempt 2 of step 'talk'\n"
                + "line 1\nline 2\nline 3\nline 4\n");
        assertThat(run.finish().exitCode()).isZero();
    }

    @Test
    void aStepThatHasNotStartedHasNoLogYet() throws Exception {
        Files.writeString(dir.resolve("two.yaml"), """
                name: two
                steps:
                  first:
                    command: [sh, -c, 'echo first > "${outputs.o}"; exit 3']
                    outputs: {o: file}
                  second:
                    command: [cat, '${inputs.i}']
                    inputs: {i: first.o}
                """);
        GantryProcess.run(dir, "run", "two.yaml");
        GantryProcess.Result none = GantryProcess.run(dir, "logs", "last", "second");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.stderr()).contains("step 'second' of run ").contains(" has no log: it has not started (see 'gantry show ");
    }

    /** {@code gantry logs last talk} once the running step has written its first line. */
    private GantryProcess.Result waitForLog(GantryProcess run) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        GantryProcess.Result logs = GantryProcess.run(dir, "logs", "last", "talk");
        while (!logs.stdout().startsWith("line 1") && System.nanoTime() < deadline && run.process().isAlive()) {
            Thread.sleep(100);
            logs = GantryProcess.run(dir, "logs", "last", "talk");
        }
        return logs;
    }
}
