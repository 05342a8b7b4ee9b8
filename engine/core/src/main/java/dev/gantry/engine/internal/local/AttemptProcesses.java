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
 *
 * <p>This runs at the end of every attempt, so it reads no more of {@code /proc} than it must:
 * once the attempt's own process has exited and been reaped, it is not looked for, and a short
 * attempt that started nothing leaves no pid to read at all; a process in the engine's own
 * session, such as one of the engine's threads, is never asked for its token (see {@link
 * #members}).
 */
final class AttemptProcesses {
    /** Below this age an attempt's processes are looked for among the pids handed out since it started. */
    private static final Duration RECENT = Duration.ofSeconds(1);
    /** The engine's session, which it never leaves; empty where {@code /proc} cannot say. */
    private static final OptionalLong ENGINE_SESSION = ProcessStat.read(ProcessHandle.current().pid())
            .map(p -> OptionalLong.of(p.session())).orElse(OptionalLong.empty());

    private final ProcessIdentity main;
    private final boolean ownSession;
    private final String token;
    private final long startedNanos = System.nanoTime();
    /** Set once the attempt's own process has exited and the JDK has reaped it: its pid names nothing now. */
    private volatile boolean mainReaped;

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

    /**
     * Says that the attempt's own process has exited and been reaped ({@link Process#waitFor}
     * returned), so that later lookups leave its pid out instead of reading a {@code /proc} entry
     * that is gone.
     */
    void mainReaped() {
        mainReaped = true;
    }

    /**
     * The attempt's processes that have not ended, parents before their children.
     *
     * <p>When the attempt leads a session of its own, a process in the engine's session (the
     * engine's own threads among them, whose ids are pids) is not asked for its token: no
     * process the attempt started can be in that session. A process changes session only by
     * starting a new one with {@code setsid()}, named after its own pid, and {@code setpgid()}
     * cannot move it into another; the attempt's own process leaves the engine's session
     * before it starts anything ({@code setsid} forks only when it leads a process group, and
     * the JDK's child leads none), so whatever it starts is born outside the engine's session.
     * Nor can a new session take the engine's session id: the kernel hands out no pid that is
     * still the id of a session in use.
     */
    List<ProcessStat> members() {
        long self = ProcessHandle.current().pid();
        long since = main.startTicks().orElse(0L);
        OptionalLong engineSession = ownSession ? ENGINE_SESSION : OptionalLong.empty();
        List<ProcessStat> members = new ArrayList<>();
        Set<Long> pids = new HashSet<>();
        for (ProcessStat p : candidates()) {
            if (p.pid() == self || p.ended() || p.startTicks() < since) {
                continue;
            }
            boolean member = p.pid() == main.pid()
                    || (ownSession && p.session() == main.pid())
                    || pids.contains(p.ppid())
                    || (!inSession(p, engineSession) && ProcessTable.token(p.pid()).filter(token::equals).isPresent());
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

    private static boolean inSession(ProcessStat p, OptionalLong session) {
        return session.isPresent() && p.session() == session.getAsLong();
    }

    private List<ProcessStat> candidates() {
        OptionalLong last = ProcessTable.lastPid();
        boolean recent = System.nanoTime() - startedNanos < RECENT.toNanos();
        if (recent && main.startTicks().isPresent() && last.isPresent() && last.getAsLong() >= main.pid()) {
            // Pids have not wrapped around since the attempt started: the kernel would have to
            // hand out every pid there is within a second. Ascending pids are then in the order
            // the processes started, parents first. A reaped main process is no longer there to
            // read; where no pid was handed out since it, the list is empty without a read.
            return ProcessTable.between(mainReaped ? main.pid() + 1 : main.pid(), last.getAsLong());
        }
        List<ProcessStat> all = ProcessTable.all();
        all.sort(Comparator.comparingLong(ProcessStat::startTicks).thenComparingLong(ProcessStat::pid));
        return all;
    }
}
