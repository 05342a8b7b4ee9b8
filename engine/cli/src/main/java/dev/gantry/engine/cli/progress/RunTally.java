package dev.gantry.engine.cli.progress;

import dev.gantry.engine.api.StepStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each step of a run stands, for the live display: which run (since when, and the last
 * line each printed) and how each finished. Not safe for use from several threads: the display
 * guards it.
 */
final class RunTally {
    /** A step that runs: since when ({@link System#nanoTime()}), and the last line it printed. */
    record Running(String step, long sinceNanos, String lastLine) {}

    private int total;
    /** In the order they started. */
    private final Map<String, Running> running = new LinkedHashMap<>();
    /** A step that finished twice (its record failed to be written) counts once, as it ended last. */
    private final Map<String, StepStatus> finished = new HashMap<>();

    void started(int steps) {
        total = steps;
    }

    void stepStarted(String step, long nowNanos) {
        running.remove(step);
        running.put(step, new Running(step, nowNanos, ""));
    }

    void stepOutput(String step, String line) {
        running.computeIfPresent(step, (name, r) -> new Running(name, r.sinceNanos(), line));
    }

    /** An attempt failed and waits to be tried again: the step is pending again. */
    void stepRetrying(String step) {
        running.remove(step);
    }

    void stepFinished(String step, StepStatus status) {
        running.remove(step);
        finished.put(step, status);
    }

    /** The steps that run now, in the order they started. */
    List<Running> running() {
        return new ArrayList<>(running.values());
    }

    /** How many finished with {@code status}. */
    long count(StepStatus status) {
        return finished.values().stream().filter(s -> s == status).count();
    }

    /** How many have neither started nor finished, or wait to be tried again. */
    long pending() {
        return Math.max(0, total - running.size() - finished.size());
    }

    int total() {
        return total;
    }

    int finishedCount() {
        return finished.size();
    }
}
