package dev.gantry.engine.schedule;

import dev.gantry.engine.api.RunEvent;
import dev.gantry.engine.api.RunEventListener;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.StepFailure;
import dev.gantry.engine.api.StepStatus;
import dev.gantry.spec.Durations;

/**
 * What the scheduler's log says of the runs it starts, as it hears their events: warnings and
 * notices, retries, each step that failed (with its kind and log), and how each run ended. Steps
 * that go well and the lines steps print stay out of it: they are in the run's record and logs
 * ({@code gantry show}, {@code gantry logs}). That a fire started a run is logged where the fire
 * is recorded ({@link FireHandler}).
 */
final class ScheduledRunLog implements RunEventListener {
    private final SchedulerLog log;

    ScheduledRunLog(SchedulerLog log) {
        this.log = log;
    }

    @Override
    public void on(RunEvent event) {
        String run = event.pipeline() + ": run " + event.runId();
        if (event instanceof RunEvent.Warning e) {
            info(run + ": warning: " + e.message());
        } else if (event instanceof RunEvent.Notice e) {
            info(run + ": notice: " + e.message());
        } else if (event instanceof RunEvent.StepRetrying e) {
            info(run + ": step '" + e.step() + "' attempt " + e.failedAttempt() + " failed (" + e.reason()
                    + "); retrying in " + Durations.format(e.backoff()));
        } else if (event instanceof RunEvent.StepFinished e && e.result().status() == StepStatus.FAILED) {
            StringBuilder line = new StringBuilder(run + ": step '" + e.step() + "' failed");
            e.result().failure().map(StepFailure::kind).ifPresent(k -> line.append(" (").append(k.yamlName()).append(')'));
            e.result().message().ifPresent(m -> line.append(": ").append(m));
            e.result().failure().flatMap(StepFailure::log).ifPresent(p -> line.append("; log: ").append(p));
            info(line.toString());
        } else if (event instanceof RunEvent.RunFinished e) {
            RunResult result = e.result();
            info(run + " " + result.status().label() + " (" + result.count(StepStatus.SUCCEEDED) + " ran, "
                    + result.count(StepStatus.CACHED) + " cached)");
        }
    }

    /** One entry of the log; a message of several lines keeps its later lines indented under it. */
    private void info(String message) {
        log.info(message.replace("\n", "\n  "));
    }
}
