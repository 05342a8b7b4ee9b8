package dev.gantry.engine.internal.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Every process of one local attempt, found afresh each time it is asked: the attempt's own
 * process and whatever it started, however it started it. A process belongs to the attempt
 * when it started no earlier than the attempt and it is in the attempt's session (the attempt
 * leads one of its own when {@code setsid} is there), or its parent belongs, or it carries the
 * attempt's {@link AttemptToken}: the last catches the children that left the session and lost
 * their parent, such as a daemon that forked twice.
 */
final class AttemptProcesses {
    /** Below this age an attempt's processes are looked for among the pids handed out since it started. */
    private static final Duration RECENT = Duration.ofSeconds(1);

    private final ProcessIdentity main;
    private final boolean ownSession;
    private final String token;
    private final long startedNanos = System.nanoTime();

    /**
     * @param main the attempt's own process
     * @param ownSession whether it leads a session of its own
     * @param token the value of its {@code GANTRY_ATTEMPT_TOKEN}
     */
    AttemptProcesses(ProcessIdentity main, boolean ownSession, String token) {
        this.main = main;
        this.ownSession = ownSession;
        this.token = token;
    }

    ProcessIdentity main() {
        return main;
    }

    /** The attempt's processes that have not ended, parents before their children. */
    List<ProcessStat> members() {
        long self = ProcessHandle.current().pid();
        long since = main.startTicks().orElse(0L);
        List<ProcessStat> members = new ArrayList<>();
        Set<Long> pids = new HashSet<>();
        for (ProcessStat p : candidates()) {
            if (p.pid() == self || p.ended() || p.startTicks() < since) {
                continue;
            }
            boolean member = p.pid() == main.pid()
                    || (ownSession && p.session() == main.pid())
                    || pids.contains(p.ppid())
                    || ProcessTable.token(p.pid()).filter(token::equals).isPresent();
            if (member) {
                members.add(p);
                pids.add(p.pid());
            }
        }
        return members;
    }

    /**
     * Ends every process of the attempt; returns the pids it had to signal.
     *
     * @param what the attempt, for the log, such as {@code step 'train' of run R, attempt 1}
     */
    Set<Long> end(Duration grace, String what) throws InterruptedException {
        return ProcessSweep.end(this::members, grace, what);
    }

    private List<ProcessStat> candidates() {
        OptionalLong last = ProcessTable.lastPid();
        boolean recent = System.nanoTime() - startedNanos < RECENT.toNanos();
        if (recent && main.startTicks().isPresent() && last.isPresent() && last.getAsLong() >= main.pid()) {
            // Pids have not wrapped around since the attempt started: the kernel would have to
            // hand out every pid there is within a second. Ascending pids are then in the order
            // the processes started, parents first.
            return ProcessTable.between(main.pid(), last.getAsLong());
        }
        List<ProcessStat> all = ProcessTable.all();
        all.sort(Comparator.comparingLong(ProcessStat::startTicks).thenComparingLong(ProcessStat::pid));
        return all;
    }
}
