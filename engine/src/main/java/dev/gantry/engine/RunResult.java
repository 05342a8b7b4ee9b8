package dev.gantry.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a run ended: its status and each step's result, in plan order.
 *
 * @param runId the run's id in the store
 * @param pipeline the pipeline's name
 * @param status how the run ended
 * @param steps each planned step's result, in plan order
 * @param elapsed wall time of the run
 * @param runDir the run's directory of logs and scratch space
 */
public record RunResult(
        String runId, String pipeline, RunStatus status, List<StepResult> steps, Duration elapsed, Path runDir) {

    public RunResult {
        steps = List.copyOf(steps);
    }

    /** The result of step {@code name}. */
    public Optional<StepResult> step(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Whether every step succeeded or came from the cache. */
    public boolean succeeded() {
        return status == RunStatus.SUCCEEDED;
    }

    /** How many steps ended with {@code status}. */
    public long count(StepStatus status) {
        return steps.stream().filter(s -> s.status() == status).count();
    }
}
