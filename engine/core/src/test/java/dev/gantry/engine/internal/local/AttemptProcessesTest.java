package dev.gantry.engine.internal.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which processes belong to an attempt, asked directly of real processes: the attempt's own
 * ({@code setsid sleep}) and a stranger that carries its token. Real {@code setsid}.
 */
class AttemptProcessesTest {
    private static final String TOKEN = "run-1/train/1/0123456789abcdef";

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (Process p : started) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aProcessOfTheEnginesSessionIsNoMemberOfAnAttemptThatLeadsItsOwnEvenWithItsToken() throws Exception {
        Process attempt = start("setsid", "sleep", "30");
        Process stranger = start("sleep", "30");

        AttemptProcesses processes = new AttemptProcesses(ProcessIdentity.of(attempt.pid()), true, TOKEN);

        assertThat(processes.members()).extracting(ProcessStat::pid).containsExactly(attempt.pid())
                .doesNotContain(stranger.pid());
    }

    @Test
    void withoutASessionOfItsOwnTheTokenAloneMakesAMember() throws Exception {
        Process attempt = start("sleep", "30");
        Process other = start("sleep", "30");

        AttemptProcesses processes = new AttemptProcesses(ProcessIdentity.of(attempt.pid()), false, TOKEN);

        assertThat(processes.members()).extracting(ProcessStat::pid).containsExactly(attempt.pid(), other.pid());
    }

    @Test
    void onceTheAttemptsOwnProcessIsReapedItsChildrenInItsSessionAreStillFound() throws Exception {
        Process attempt = start("setsid", "sh", "-c", "sleep 30 >/dev/null & exit 0");
        AttemptProcesses processes = new AttemptProcesses(ProcessIdentity.of(attempt.pid()), true, TOKEN);
        assertThat(attempt.waitFor(5, TimeUnit.SECONDS)).isTrue();
        processes.mainReaped();

        List<ProcessStat> members = processes.members();

        assertThat(members).hasSize(1);
        assertThat(members.get(0).session()).isEqualTo(attempt.pid());
        ProcessHandle.of(members.get(0).pid()).ifPresent(ProcessHandle::destroyForcibly);
    }

    private Process start(String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put(AttemptToken.VARIABLE, TOKEN);
        Process p = builder.start();
        started.add(p);
        return p;
    }
}
