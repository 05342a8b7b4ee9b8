package dev.gantry.engine.internal.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A pid names a process only together with its start time. */
class ProcessIdentityTest {
    @Test
    void thisProcessIsAliveUnderItsPidAndStartTime() {
        ProcessIdentity self = ProcessIdentity.current();

        assertThat(self.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(self.startTicks()).isPresent();
        assertThat(self.isAlive()).isTrue();
    }

    @Test
    void aLiveProcessWhoseStartTimeDiffersFromTheRecordIsNotTheRecordedOne() {
        ProcessIdentity self = ProcessIdentity.current();
        ProcessIdentity reused = new ProcessIdentity(self.pid(), Optional.of(self.startTicks().orElseThrow() + 1));

        assertThat(reused.isAlive()).isFalse();
    }

    @Test
    void aProcessThatEndedIsNotAlive() throws Exception {
        Process p = new ProcessBuilder("true").start();
        ProcessIdentity id = ProcessIdentity.of(p.pid());
        p.waitFor();

        assertThat(id.isAlive()).isFalse();
    }

    @Test
    void statFieldsAreCountedFromTheLastParenthesisOfTheCommandName() {
        String stat = "4242 (a) b (c) S 1 4242 4242 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 987654 0 0";

        assertThat(ProcessStat.parse(4242, stat)).contains(new ProcessStat(4242, 'S', 1, 4242, 4242, 987654));
    }
}
