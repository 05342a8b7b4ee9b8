package dev.gantry.engine.schedule;

import dev.gantry.spec.ScheduleSpec;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;

/** Fire times of a schedule, computed with Quartz's cron rules in the schedule's time zone. */
public final class CronClock {
    private static final int MAX_MISSED_SCANNED = 100_000;

    private final CronExpression cron;

    public CronClock(ScheduleSpec schedule) {
        try {
            this.cron = new CronExpression(schedule.quartzCron());
        } catch (ParseException e) {
            throw new IllegalArgumentException("cron expression '" + schedule.cron() + "' rejected by Quartz: "
                    + e.getMessage(), e);
        }
        cron.setTimeZone(TimeZone.getTimeZone(schedule.timezone()));
    }

    /** The next {@code count} fire times after {@code from}. */
    public List<Instant> next(Instant from, int count) {
        List<Instant> times = new ArrayList<>();
        Date at = Date.from(from);
        while (times.size() < count) {
            at = cron.getNextValidTimeAfter(at);
            if (at == null) {
                break;
            }
            times.add(at.toInstant());
        }
        return times;
    }

    /** The latest fire time after {@code since} and not after {@code now}: a fire that was missed. */
    public Optional<Instant> latestMissed(Instant since, Instant now) {
        Optional<Instant> latest = Optional.empty();
        Date at = Date.from(since);
        for (int i = 0; i < MAX_MISSED_SCANNED; i++) {
            at = cron.getNextValidTimeAfter(at);
            if (at == null || at.toInstant().isAfter(now)) {
                break;
            }
            latest = Optional.of(at.toInstant());
        }
        return latest;
    }
}
