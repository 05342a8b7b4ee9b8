package dev.gantry.engine.internal.run;

import dev.gantry.engine.api.RunRecord;
import dev.gantry.engine.api.RunStatus;
import dev.gantry.engine.internal.local.LeftBehindProcesses;
import dev.gantry.engine.internal.local.ProcessIdentity;
import dev.gantry.engine.internal.store.RunStore;
import dev.gantry.engine.internal.store.StoredProcess;
import dev.gantry.engine.spi.EngineHost;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs whose engine died while they ran: each claims to be running on this machine, but no
 * process of its pid and start time is alive (a pid alone may have been given to another
 * process since). Settling one stops the step processes its engine left running, so that no
 * second copy of a step ever runs beside them, and records the run as crashed.
 */
public final class CrashedRuns {
    private CrashedRuns() {}

    /** A run, settled: as the store now records it, and a line for each step whose processes were stopped. */
    public record Settled(RunRecord run, List<String> stopped) {}

    /** Whether {@code run} claims to be running on this machine while its engine is gone. */
    public static boolean engineIsGone(RunRecord run) {
        return run.status() == RunStatus.RUNNING && run.host().equals(EngineHost.name())
                && !new ProcessIdentity(run.pid(), run.pidStart()).isAlive();
    }

    /**
     * Stops the processes that the dead engine of {@code run} left running, then records it
     * crashed; a line such as {@code stopped step 'train' (pid 1234) left running by engine pid
     * 999 of run R} says what was stopped.
     */
    public static Settled settle(RunStore store, RunRecord run) {
        Map<String, ProcessIdentity> recorded = new LinkedHashMap<>();
        for (StoredProcess p : store.records().runningProcesses(run.id())) {
            recorded.put(p.step(), new ProcessIdentity(p.pid(), p.pidStart()));
        }
        List<String> lines = new ArrayList<>();
        try {
            for (LeftBehindProcesses.Stopped s : LeftBehindProcesses.stop(run.id(), recorded)) {
                String others = s.processes() == 1 ? ""
                        : " and " + (s.processes() - 1) + (s.processes() == 2 ? " process" : " processes") + " it started";
                lines.add("stopped step '" + s.step() + "' (pid " + s.pid() + others + ") left running by engine pid "
                        + run.pid() + " of run " + run.id());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the steps that run " + run.id() + " left running");
        }
        Instant now = Instant.now();
        store.records().finishRun(run.id(), RunStatus.CRASHED, now);
        return new Settled(run.withEnd(RunStatus.CRASHED, now), lines);
    }

    /** Settles every run of this machine whose engine died; returns what was stopped. */
    public static List<String> settleAll(RunStore store) {
        List<String> lines = new ArrayList<>();
        for (RunRecord run : store.records().runsInProgress(EngineHost.name())) {
            if (engineIsGone(run)) {
                lines.addAll(settle(store, run).stopped());
            }
        }
        return lines;
    }
}
