package dev.gantry.spec;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * When a pipeline runs by itself.
 *
 * @param cron a 5-field Unix cron expression or a Quartz 6- or 7-field one, as written
 * @param timezone the zone the expression is read in. Default: UTC
 * @param params parameter overrides for scheduled runs. Default: none
 * @param misfire what to do about fires missed while no scheduler ran. Default: run once
 * @param overlap what to do when a fire comes while the previous run still runs. Default: skip
 */
public record ScheduleSpec(
        String cron, ZoneId timezone, Map<String, String> params, Misfire misfire, Overlap overlap) {

    public ScheduleSpec {
        Names.requireNonBlank(cron, "cron expression");
        params = Maps.ordered(params);
    }

    /** A schedule with every default: UTC, no overrides, run-once, skip. */
    public static ScheduleSpec cron(String cron) {
        return new ScheduleSpec(cron, ZoneId.of("UTC"), Map.of(), Misfire.RUN_ONCE, Overlap.SKIP);
    }

    /**
     * The expression in Quartz's 6- or 7-field form, which the scheduler runs: one expression, or
     * two for a Unix one that restricts both day-of-month and day-of-week (see
     * {@link CronExpressions#toQuartz}).
     */
    public List<String> quartzCrons() {
        List<String> crons = CronExpressions.toQuartz(cron);
        if (crons.isEmpty()) {
            throw new IllegalStateException("invalid cron expression '" + cron + "': validate the pipeline first");
        }
        return crons;
    }

    /** Fires missed while the scheduler was down. */
    public enum Misfire {
        /** At most one catch-up run when the scheduler is back. */
        RUN_ONCE,
        /** No catch-up; wait for the next fire. */
        SKIP;

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Optional<Misfire> fromYamlName(String name) {
            return Arrays.stream(values()).filter(v -> v.yamlName().equals(name)).findFirst();
        }
    }

    /** A fire that comes while the pipeline's previous run is still running. */
    public enum Overlap {
        /** Do not start a run for this fire. */
        SKIP,
        /** Start it when the previous run has ended. */
        QUEUE;

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Overlap> fromYamlName(String name) {
            return Arrays.stream(values()).filter(v -> v.yamlName().equals(name)).findFirst();
        }
    }
}
