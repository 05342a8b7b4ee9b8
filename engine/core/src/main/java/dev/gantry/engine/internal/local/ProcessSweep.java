package dev.gantry.engine.internal.local;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a set of processes that may still grow while it is ended, the way emptying a cgroup
 * would: everything in it is asked to stop (SIGTERM), given a grace period, and then killed
 * (SIGKILL), looking again after each round until none is left, so that a child started at the
 * last moment goes too.
 */
final class ProcessSweep {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessSweep.class);
    /** How many rounds of SIGKILL before giving up on a process that does not die (one stuck in the kernel). */
    private static final int KILL_ROUNDS = 200;

    private ProcessSweep() {}

    /**
     * Ends every process that {@code members} lists, each time it is asked.
     *
     * @param what whose processes they are, for the log, such as {@code step 'train' of run R, attempt 1}
     * @return the pids that were signalled; empty when there was nothing to end
     */
    static Set<Long> end(Supplier<List<ProcessStat>> members, Duration grace, String what) throws InterruptedException {
        Set<Long> signalled = new LinkedHashSet<>();
        List<ProcessStat> left = members.get();
        long deadline = System.nanoTime() + grace.toNanos();
        long pause = 5;
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            for (ProcessStat p : left) {
                if (signalled.add(p.pid())) {
                    ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroy);
                }
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 50);
            left = members.get();
        }
        for (int round = 0; !left.isEmpty() && round < KILL_ROUNDS; round++) {
            for (ProcessStat p : left) {
                signalled.add(p.pid());
                // The handle checks the start time it saw, so a pid reused meanwhile is not killed.
                ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
            Thread.sleep(10);
            left = members.get();
        }
        if (!left.isEmpty()) {
            // Nobody else hears of these: the caller goes on as if they had ended.
            LOG.warn("{} process(es) of {} still run after {} rounds of SIGKILL, and are given up on (stuck in the"
                    + " kernel?): pid {}", left.size(), what, KILL_ROUNDS, left.stream().map(ProcessStat::pid).toList());
        } else if (!signalled.isEmpty()) {
            LOG.debug("ended {} process(es) of {}: pid {}", signalled.size(), what, signalled);
        }
        return signalled;
    }
}
