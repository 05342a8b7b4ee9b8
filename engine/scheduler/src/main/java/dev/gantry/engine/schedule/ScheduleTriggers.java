package dev.gantry.engine.schedule;

import dev.gantry.spec.ScheduleSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/**
 * The Quartz triggers that fire a schedule at its {@link CronClock} times: a cron trigger per
 * Quartz expression, and a one-shot trigger for each {@linkplain CronClock#gapFires gap fire}
 * of the coming months, which the daemon renews as they pass. The fingerprint tells when the
 * triggers Quartz holds are no longer these.
 */
final class ScheduleTriggers {
    static final String GROUP = "gantry";
    static final String FINGERPRINT = "gantry.schedule";
    /** How far ahead the one-shot triggers of gap fires are made. */
    private static final Duration GAP_HORIZON = Duration.ofDays(400);

    private final String name;
    private final ScheduleSpec schedule;
    private final List<Instant> gapFires;
    private final boolean catchUpInQuartz;

    /**
     * @param catchUpInQuartz whether Quartz applies the misfire policy (a clustered job store,
     *     which remembers missed fires); else the daemon catches up from the run store
     */
    ScheduleTriggers(String name, ScheduleSpec schedule, Instant now, boolean catchUpInQuartz) {
        this.name = name;
        this.schedule = schedule;
        this.gapFires = new CronClock(schedule).gapFires(now, now.plus(GAP_HORIZON));
        this.catchUpInQuartz = catchUpInQuartz;
    }

    /** What the triggers are made from; it changes with the file's schedule and as gap fires come and go. */
    String fingerprint() {
        return String.join(" | ", schedule.quartzCrons()) + " " + schedule.timezone().getId() + " "
                + schedule.misfire() + " gaps " + gapFires;
    }

    List<Trigger> build(JobDetail job) {
        List<Trigger> triggers = new ArrayList<>();
        List<String> crons = schedule.quartzCrons();
        boolean runOnce = catchUpInQuartz && schedule.misfire() == ScheduleSpec.Misfire.RUN_ONCE;
        for (int i = 0; i < crons.size(); i++) {
            CronScheduleBuilder cron = CronScheduleBuilder.cronSchedule(crons.get(i))
                    .inTimeZone(TimeZone.getTimeZone(schedule.timezone()));
            cron = runOnce ? cron.withMisfireHandlingInstructionFireAndProceed()
                    : cron.withMisfireHandlingInstructionDoNothing();
            // The first keeps the pipeline's own name, which other schedulers of a cluster look for.
            triggers.add(TriggerBuilder.newTrigger().withIdentity(i == 0 ? name : name + "#" + (i + 1), GROUP)
                    .forJob(job).usingJobData(FINGERPRINT, fingerprint()).withSchedule(cron).startNow().build());
        }
        for (Instant gap : gapFires) {
            SimpleScheduleBuilder once = SimpleScheduleBuilder.simpleSchedule().withRepeatCount(0);
            once = runOnce ? once.withMisfireHandlingInstructionFireNow()
                    : once.withMisfireHandlingInstructionNextWithRemainingCount();
            triggers.add(TriggerBuilder.newTrigger().withIdentity(name + "@" + gap, GROUP).forJob(job)
                    .usingJobData(FINGERPRINT, fingerprint()).withSchedule(once).startAt(Date.from(gap)).build());
        }
        return triggers;
    }
}
