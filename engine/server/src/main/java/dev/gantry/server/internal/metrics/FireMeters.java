package dev.gantry.server.internal.metrics;

import dev.gantry.engine.schedule.FireListener;
import dev.gantry.engine.schedule.FireOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * Counts what became of the fires of this server's schedules: fires that started a run, were
 * skipped for an overlap, failed or were taken by another scheduler; and misfires, skipped or
 * caught up.
 */
final class FireMeters implements FireListener {
    private final MeterRegistry registry;

    FireMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void on(FireOutcome fire) {
        switch (fire.kind()) {
            case MISFIRE_SKIPPED -> misfire(fire.schedule(), "skipped");
            case MISFIRE_CAUGHT_UP -> misfire(fire.schedule(), "caught_up");
            default -> Counter.builder("gantry.scheduler.fires")
                    .description("Fires of this server's schedules, by schedule and outcome: started (a run),"
                            + " skipped_overlap (the previous run was still going), failed (no run could start),"
                            + " taken_elsewhere (another scheduler on the store ran it)")
                    .tag("schedule", fire.schedule()).tag("outcome", fire.kind().name().toLowerCase(Locale.ROOT))
                    .register(registry).increment();
        }
    }

    private void misfire(String schedule, String handling) {
        Counter.builder("gantry.scheduler.misfires")
                .description("Times this server's schedules found fires missed (while no scheduler ran, or all"
                        + " were busy), by schedule and handling: skipped, or caught_up with one fire")
                .tag("schedule", schedule).tag("handling", handling).register(registry).increment();
    }
}
