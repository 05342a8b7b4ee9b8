package dev.gantry.engine.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * Whether the run succeeded: no step failed and it was not cancelled. Steps whose
     * {@code when:} condition was false, and the steps after them, may have been skipped.
     */
    public boolean succeeded() {
        return status == RunStatus.SUCCEEDED;
    }

    /** How many steps ended with {@code status}. */
    public long count(StepStatus status) {
        return steps.stream().filter(s -> s.status() == status).count();
    }

    /** The names of the steps that ended with {@code status}, in plan order. */
    public List<String> stepsWith(StepStatus status) {
        return steps.stream().filter(s -> s.status() == status).map(StepResult::name).toList();
    }

    /** Each step's status by name, in plan order. */
    public Map<String, StepStatus> statuses() {
        Map<String, StepStatus> statuses = new LinkedHashMap<>();
        steps.forEach(s -> statuses.put(s.name(), s.status()));
        return Collections.unmodifiableMap(statuses);
    }
}
