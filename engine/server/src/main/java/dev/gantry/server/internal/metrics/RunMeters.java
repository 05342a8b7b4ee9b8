package dev.gantry.server.internal.metrics;

import dev.gantry.engine.api.RunEvent;
import dev.gantry.engine.api.RunEventListener;
import dev.gantry.engine.api.StepResult;
import dev.gantry.engine.api.StepStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters of the runs this server's engines make, those the API starts and those its
 * schedules fire, counted from their events. Runs that other processes (the CLI, another
 * scheduler) make on the same store publish no event here; {@link StoreGauges} sees them.
 */
final class RunMeters implements RunEventListener {
    /** Step durations: from a second to a day. */
    private static final Duration[] STEP_BUCKETS = seconds(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600,
            7200, 14400, 43200, 86400);
    /** Commit durations: hashing and moving a step's outputs, from a millisecond to ten minutes. */
    private static final Duration[] COMMIT_BUCKETS = seconds(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
            5, 10, 30, 60, 300, 600);

    private final MeterRegistry registry;
    private final Set<String> inProgress = ConcurrentHashMap.newKeySet();

    RunMeters(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("gantry.runs.in.progress", inProgress, Set::size)
                .description("Runs under way that this server started, through the API or its schedules; runs of"
                        + " other processes are in gantry_store_runs{status=\"running\"}")
                .register(registry);
    }

    @Override
    public void on(RunEvent event) {
        if (event instanceof RunEvent.StepFinished e) {
            stepFinished(e.pipeline(), e.result());
        } else if (event instanceof RunEvent.OutputsCommitted e) {
            outputsCommitted(e);
        } else if (event instanceof RunEvent.RunStarted e) {
            inProgress.add(e.runId());
            Counter.builder("gantry.runs.started")
                    .description("Runs this server started (API and schedules), by pipeline")
                    .tag("pipeline", e.pipeline()).register(registry).increment();
        } else if (event instanceof RunEvent.RunFinished e) {
            inProgress.remove(e.runId());
            Counter.builder("gantry.runs.finished")
                    .description("Runs this server started (API and schedules) that ended, by pipeline and status")
                    .tag("pipeline", e.pipeline()).tag("status", e.result().status().label())
                    .register(registry).increment();
        }
    }

    private void stepFinished(String pipeline, StepResult step) {
        Counter.builder("gantry.steps.finished")
                .description("Steps of this server's runs that ended, by pipeline and status (cached, succeeded,"
                        + " failed, skipped, cancelled)")
                .tag("pipeline", pipeline).tag("status", step.status().label()).register(registry).increment();
        if (step.status() == StepStatus.CACHED) {
            Counter.builder("gantry.cache.hits")
                    .description("Steps of this server's runs taken from the cache instead of run, by pipeline")
                    .tag("pipeline", pipeline).register(registry).increment();
        } else if (step.attempts() > 0) {
            Counter.builder("gantry.cache.misses")
                    .description("Steps of this server's runs that ran, not found in the cache (or not looked up"
                            + " there: cache: false), by pipeline")
                    .tag("pipeline", pipeline).register(registry).increment();
            Timer.builder("gantry.step.duration")
                    .description("Wall time of the steps of this server's runs that ran, all attempts and the"
                            + " commit of their outputs included, by pipeline")
                    .tag("pipeline", pipeline).serviceLevelObjectives(STEP_BUCKETS)
                    .register(registry).record(step.elapsed());
        }
    }

    private void outputsCommitted(RunEvent.OutputsCommitted e) {
        Counter.builder("gantry.artifact.committed").baseUnit("bytes")
                .description("Bytes of step outputs this server's runs committed to the store (content the store"
                        + " already held counts too), by pipeline")
                .tag("pipeline", e.pipeline()).register(registry).increment(e.bytes());
        Timer.builder("gantry.commit.duration")
                .description("Time to check, hash and move a step's outputs into the store, per step of this"
                        + " server's runs, by pipeline")
                .tag("pipeline", e.pipeline()).serviceLevelObjectives(COMMIT_BUCKETS)
                .register(registry).record(e.duration());
    }

    private static Duration[] seconds(double... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
        }
        return durations;
    }
}
