package dev.gantry.engine.internal.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The processes that the steps of a run left running when its engine died: found by the pid
 * and start time recorded for each running step, by the run's {@link AttemptToken}s in their
 * environment (which also finds a step whose record the engine had not yet committed), and by
 * their parents; and stopped, SIGTERM first and SIGKILL after a grace period.
 */
public final class LeftBehindProcesses {
    private static final Duration GRACE = Duration.ofSeconds(5);

    /**
     * One step's processes, stopped.
     *
     * @param step the step
     * @param pid its attempt's own process, where that was among them, else the first one found
     * @param processes how many processes were stopped, that one included
     */
    public record Stopped(String step, long pid, int processes) {}

    private final String runId;
    private final Map<String, ProcessIdentity> recorded;
    /** The step of each process found so far. */
    private final Map<Long, String> steps = new HashMap<>();

    private LeftBehindProcesses(String runId, Map<String, ProcessIdentity> recorded) {
        this.runId = runId;
        this.recorded = recorded;
    }

    /**
     * Stops every process that run {@code runId} left running on this machine.
     *
     * @param recorded the attempt process recorded for each step that was running
     * @return what was stopped, a step at a time in the order of {@code recorded}, then the others
     */
    public static List<Stopped> stop(String runId, Map<String, ProcessIdentity> recorded) throws InterruptedException {
        LeftBehindProcesses left = new LeftBehindProcesses(runId, recorded);
        Set<Long> signalled = ProcessSweep.end(left::members, GRACE, "the steps that run " + runId + " left running");
        Map<String, List<Long>> byStep = new LinkedHashMap<>();
        recorded.keySet().forEach(step -> byStep.put(step, new ArrayList<>()));
        for (long pid : signalled) {
            byStep.computeIfAbsent(left.steps.get(pid), s -> new ArrayList<>()).add(pid);
        }
        List<Stopped> stopped = new ArrayList<>();
        byStep.forEach((step, pids) -> {
            if (!pids.isEmpty()) {
                Optional<ProcessIdentity> own = Optional.ofNullable(recorded.get(step));
                long pid = own.map(ProcessIdentity::pid).filter(pids::contains).orElse(pids.get(0));
                stopped.add(new Stopped(step, pid, pids.size()));
            }
        });
        return stopped;
    }

    private List<ProcessStat> members() {
        long self = ProcessHandle.current().pid();
        List<ProcessStat> all = ProcessTable.all();
        all.sort(Comparator.comparingLong(ProcessStat::startTicks).thenComparingLong(ProcessStat::pid));
        Map<Long, String> found = new HashMap<>();
        List<ProcessStat> members = new ArrayList<>();
        for (ProcessStat p : all) {
            if (p.pid() == self || p.ended()) {
                continue;
            }
            Optional<String> step = recordedStep(p)
                    .or(() -> Optional.ofNullable(found.get(p.ppid())))
                    .or(() -> ProcessTable.token(p.pid()).flatMap(AttemptToken::parse)
                            .filter(t -> t.runId().equals(runId)).map(AttemptToken::step));
            if (step.isPresent()) {
                found.put(p.pid(), step.get());
                members.add(p);
            }
        }
        steps.putAll(found);
        return members;
    }

    private Optional<String> recordedStep(ProcessStat p) {
        for (Map.Entry<String, ProcessIdentity> r : recorded.entrySet()) {
            ProcessIdentity id = r.getValue();
            if (id.pid() == p.pid() && id.startTicks().map(t -> t == p.startTicks()).orElse(false)) {
                return Optional.of(r.getKey());
            }
        }
        return Optional.empty();
    }
}
